// Compiles src/*.sol with the pinned solc (evmVersion paris, so the same
// bytecode runs on Ethereum, BNB Chain and TRON's TVM; the optimizer over the IR
// pipeline, which keeps a checkpoint under 6,000 gas per signature) and
// writes build/NAME.abi and build/NAME.bin. `make contracts` runs it; the
// tests compile again and compare with the committed files.
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const out = process.argv[2] || path.join(__dirname, "build");
const src = path.join(__dirname, "src");
const sources = {};
for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".sol")).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(src, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion: "paris",
    viaIR: true,
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: "none" },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
const result = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const e of result.errors || []) {
  console.error(e.formattedMessage);
  if (e.severity === "error") failed = true;
}
if (failed) process.exit(1);
fs.mkdirSync(out, { recursive: true });
for (const file of Object.keys(result.contracts).sort()) {
  for (const [name, c] of Object.entries(result.contracts[file])) {
    if (!c.evm.bytecode.object) continue; // an interface
    fs.writeFileSync(path.join(out, name + ".abi"), JSON.stringify(c.abi, null, 2) + "\n");
    fs.writeFileSync(path.join(out, name + ".bin"), c.evm.bytecode.object + "\n");
  }
}
console.error("solc " + solc.version() + ": compiled " + Object.keys(sources).join(", ") + " into " + out);
