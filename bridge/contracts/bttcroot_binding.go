// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package contracts

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// BTTCRootCheckpoint is an auto generated low-level Go binding around an user-defined struct.
type BTTCRootCheckpoint struct {
	Number          *big.Int
	StartHeight     *big.Int
	EndHeight       *big.Int
	FirstWithdrawal *big.Int
	Withdrawals     *big.Int
	WithdrawalsRoot [32]byte
	SetHash         [32]byte
	NextSetHash     [32]byte
}

// BTTCRootMetaData contains all meta data concerning the BTTCRoot contract.
var BTTCRootMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"rootChainId_\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"bttcChainIdHash_\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"signerSetHash_\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"guardian_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"rateLimit_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"rateWindow_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"delayThreshold_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"delay_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"AlreadyExited\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"IsPaused\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"LengthMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"}],\"name\":\"NoSuchCheckpoint\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"NotEnoughPower\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotGuardian\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"NotInCheckpoint\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"NotQueued\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"freesAt\",\"type\":\"uint256\"}],\"name\":\"RateLimited\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Reentered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"SignersNotAscending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"releaseAt\",\"type\":\"uint256\"}],\"name\":\"StillDelayed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"action\",\"type\":\"uint8\"}],\"name\":\"UnknownAction\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"WrongCheckpointNumber\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"WrongSignerSet\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"nextSetHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"signedPower\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalPower\",\"type\":\"uint256\"}],\"name\":\"CheckpointAccepted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"depositor\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"bttcRecipient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"recipient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"releaseAt\",\"type\":\"uint256\"}],\"name\":\"ExitQueued\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"recipient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Exited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"guardian\",\"type\":\"address\"}],\"name\":\"GuardianChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"rateLimit\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"rateWindow\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"delayThreshold\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"delay\",\"type\":\"uint256\"}],\"name\":\"LimitsChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"}],\"name\":\"Paused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"Unpaused\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"ACTION_SET_GUARDIAN\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ACTION_SET_LIMITS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ACTION_UNPAUSE\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"action\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"},{\"internalType\":\"address[]\",\"name\":\"signers\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"powers\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"sigs\",\"type\":\"bytes\"}],\"name\":\"admin\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"adminNonce\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bttcChainIdHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"startHeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endHeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"firstWithdrawal\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawals\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"setHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"nextSetHash\",\"type\":\"bytes32\"}],\"internalType\":\"structBTTCRoot.Checkpoint\",\"name\":\"cp\",\"type\":\"tuple\"}],\"name\":\"checkpointDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"delay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"delayThreshold\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bttcRecipient\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositNonce\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"body\",\"type\":\"bytes\"}],\"name\":\"digest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"recipient\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"exit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"exited\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"firstWithdrawal\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"guardian\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCheckpoint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rateLimit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rateWindow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"releaseAt\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rootChainId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signerSetHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"startHeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"endHeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"firstWithdrawal\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"withdrawals\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"setHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"nextSetHash\",\"type\":\"bytes32\"}],\"internalType\":\"structBTTCRoot.Checkpoint\",\"name\":\"cp\",\"type\":\"tuple\"},{\"internalType\":\"address[]\",\"name\":\"signers\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"powers\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"sigs\",\"type\":\"bytes\"}],\"name\":\"submitCheckpoint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"windowStart\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"windowUsed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"withdrawalCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"withdrawalsRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BTTCRoot",
	Bin: "0x60e03461016157601f611c4038819003918201601f19168301916001600160401b0383118484101761016657808492610120946040528339810103126101615780519060208101516100536040830161017c565b60608301516100646080850161017c565b9060a08501519260c08601519461010060e088015197015197600160125560018060a01b038316158015610150575b61013f5760805260a05260c052600055600a80546001600160a01b0319166001600160a01b0392909216919091179055600c55600d55601055601155604051611aaf90816101918239608051818181610577015281816109cd01528181610e390152818161105801526111b9015260a0518181816105a6015281816107c8015281816109fe0152611087015260c05181818161018901528181610acb01528181611520015261164e0152f35b63d92e233d60e01b60005260046000fd5b506001600160a01b03851615610093565b600080fd5b634e487b7160e01b600052604160045260246000fd5b51906001600160a01b03821682036101615756fe608080604052600436101561001357600080fd5b60003560e01c90816251415214610ea6575080631f0fa45e14610e7a5780631f4579a314610e5c5780632f6a1e1414610e21578063323290ad14610e03578063379607f514610d0a5780633966160314610cde5780633e2df2ac14610cba578063452a932014610c915780634762786d14610c6557806347e7ef2414610a655780634a530b70146109365780634ab3be98146109185780635c975abb146108f257806361e08e72146108d45780636a42b8f8146108b65780637b3a08ff146108985780638404a5711461087c5780638456cb591461080957806398379af9146107eb5780639d729891146107b05780639ecf68691461077f578063b0c2783a14610761578063ca09060314610452578063cedf880d146103b6578063cfbe2b6614610241578063d32e81a514610223578063d86c707c14610207578063de35f5cb146101e9578063e5de44d2146101bd5763fc0c546a1461017357600080fd5b346101b85760003660031901126101b8576040517f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03168152602090f35b600080fd5b346101b85760203660031901126101b85760043560005260066020526020604060002054604051908152f35b346101b85760003660031901126101b8576020600954604051908152f35b346101b85760003660031901126101b857602060405160018152f35b346101b85760003660031901126101b8576020600154604051908152f35b346101b857366003190161016081126101b857610100136101b857610104356001600160401b0381116101b85761027c903690600401610f86565b90610124356001600160401b0381116101b85761029d903690600401610f86565b929091610144356001600160401b0381116101b8576102c0903690600401610f59565b9060043595600154600181018091116103a057808803610388575060005460c43503610377577f395755fbabf867fd22be62f8063f31e995e438d8fe1801e783cd772b5cf1ab389560809561031c95610317610fb6565b6116a4565b8460015560a435918560005260026020528260406000205585600052600360205260643560406000205585600052600460205260843560406000205560e43580600055604051938452602084015260408301526060820152a2005b631caf76ad60e01b60005260046000fd5b8763010202e360e21b60005260045260245260446000fd5b634e487b7160e01b600052601160045260246000fd5b346101b85760a03660031901126101b8576044356001600160a01b03811681036101b8576084356001600160401b0381116101b8576103f9903690600401610f86565b9060016012540361044157600260125560ff600a5460a01c16610430576104299260643590602435600435611167565b6001601255005b631309a56360e01b60005260046000fd5b63b5dfd9e560e01b60005260046000fd5b346101b85760a03660031901126101b85761046b610ec0565b6024356001600160401b0381116101b85761048a903690600401610f59565b6044356001600160401b0381116101b8576104a9903690600401610f86565b906064356001600160401b0381116101b8576104c9903690600401610f86565b6084929192356001600160401b0381116101b8576104eb903690600401610f59565b91600b5494366104fc90898b610f22565b8051906020012096604051602081019b888d5260ff169889604083015260608201526060815261052d608082610ed0565b60409b8c80519061053e9082610ed0565b600b8152602001916a425454432d42524944474560a81b83528d5191829160208301948561056b916110eb565b600160f81b602b8401527f0000000000000000000000000000000000000000000000000000000000000000602c8401523060601b604c8401527f00000000000000000000000000000000000000000000000000000000000000006060840152600160f91b6080840152519081608184016105e492611111565b8101602b0103605601601f19810182526105fe9082610ed0565b5190209561060b966116a4565b5050610616906110dc565b600b556001810361065a575050600a805460ff60a01b19169055507fa45f47fdea8a1efdd9029a5691c7f759c32b7c698632b563573e155625d169339050600080a1005b600281036106d8575081602091810103126101b857356001600160a01b03811691908290036101b85781156106c757600a80546001600160a01b03191683179055519081527f01c6520cf747e4632b43b535b91afe3950ccabc4ab29bbd89e3c1f6b0ba0565590602090a1005b63d92e233d60e01b60005260046000fd5b9192916003810361074d575082608091810103126101b857816080917fb13a06822130db848da536a2e1a9ce53b2632de3d7517d42489653656a88c26493359160208101359160608183013592013592836011558260105580600d5584600c55815194855260208501528301526060820152a1005b6360df9f8760e01b60005260045260246000fd5b346101b85760003660031901126101b8576020600e54604051908152f35b346101b85760203660031901126101b8576004356000526005602052602060ff604060002054166040519015158152f35b346101b85760003660031901126101b85760206040517f00000000000000000000000000000000000000000000000000000000000000008152f35b346101b85760003660031901126101b8576020600d54604051908152f35b346101b85760003660031901126101b857600a546001600160a01b038116330361086b5760ff60a01b1916600160a01b17600a556040513381527f62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a25890602090a1005b6377b6878160e11b60005260046000fd5b346101b85760003660031901126101b857602060405160028152f35b346101b85760003660031901126101b8576020600054604051908152f35b346101b85760003660031901126101b8576020601154604051908152f35b346101b85760003660031901126101b8576020600c54604051908152f35b346101b85760003660031901126101b857602060ff600a5460a01c166040519015158152f35b346101b85760003660031901126101b8576020600b54604051908152f35b346101b85760403660031901126101b85761094f610ec0565b602435906001600160401b0382116101b857366023830112156101b8576109826020923690602481600401359101610f22565b610a5a605684604051610996604082610ed0565b600b815201936a425454432d42524944474560a81b8552602b6040519485926109c289850180996110eb565b600160f81b848401527f0000000000000000000000000000000000000000000000000000000000000000602c85015230606090811b604c8601527f00000000000000000000000000000000000000000000000000000000000000009085015260f81b6001600160f81b0319166080840152805190610a4890829060818601908b01611111565b8201010301601f198101835282610ed0565b519020604051908152f35b346101b85760403660031901126101b8576004356001600160a01b038116908190036101b85760243560016012540361044157600260125560ff600a5460a01c166104305781156106c7578015610c54576040516370a0823160e01b81523060048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031691602082602481865afa918215610c1357600092610c1f575b50602492610b4a602092604051906323b872dd60e01b858301523387830152306044830152606482015260648152610b45608482610ed0565b611641565b6040516370a0823160e01b815230600482015293849182905afa8015610c1357600090610bdf575b610b7c92506110cf565b8015610bce57602091610b906009546110dc565b9182600955604051908152827f2c0f148b435140de488c1b34647f1511c646f7077e87007bacf22ef9977a16d8853393a46001601255604051908152f35b6312171d8360e31b60005260046000fd5b506020823d602011610c0b575b81610bf960209383610ed0565b810103126101b857610b7c9151610b72565b3d9150610bec565b6040513d6000823e3d90fd5b9091506020813d602011610c4c575b81610c3b60209383610ed0565b810103126101b85751906024610b0c565b3d9150610c2e565b631f2a200560e01b60005260046000fd5b346101b85760203660031901126101b85760043560005260036020526020604060002054604051908152f35b346101b85760003660031901126101b857600a546040516001600160a01b039091168152602090f35b346101b8576101003660031901126101b8576020610cd6610fb6565b604051908152f35b346101b85760203660031901126101b85760043560005260046020526020604060002054604051908152f35b346101b85760203660031901126101b85760043560016012540361044157600260125560ff600a5460a01c16610430578060005260066020526040600020548015610dee57804210610dda575060008181526007602090815260408083208054600880855283862080546006875294872087905583546001600160a01b03191690935584529390556001600160a01b0390921692917f0808b45a422e0acd47a625c74fff3eb8d6d4dd063e0845deb1e57581c27b32f59190610dcc818661150b565b604051908152a36001601255005b6305e1c19560e31b60005260045260246000fd5b5063119101eb60e31b60005260045260246000fd5b346101b85760003660031901126101b8576020601054604051908152f35b346101b85760003660031901126101b85760206040517f00000000000000000000000000000000000000000000000000000000000000008152f35b346101b85760003660031901126101b8576020600f54604051908152f35b346101b85760203660031901126101b85760043560005260026020526020604060002054604051908152f35b346101b85760003660031901126101b85780600360209252f35b6004359060ff821682036101b857565b90601f801991011681019081106001600160401b03821117610ef157604052565b634e487b7160e01b600052604160045260246000fd5b6001600160401b038111610ef157601f01601f191660200190565b929192610f2e82610f07565b91610f3c6040519384610ed0565b8294818452818301116101b8578281602093846000960137010152565b9181601f840112156101b8578235916001600160401b0383116101b857602083818601950101116101b857565b9181601f840112156101b8578235916001600160401b0383116101b8576020808501948460051b0101116101b857565b604051600435602082015260243560408201526044356060820152606435608082015260843560a082015260a43560c082015260c43560e082015260e435610100820152610100815261100b61012082610ed0565b602b6110c960566020604051611022604082610ed0565b600b815201936a425454432d42524944474560a81b855260405193849161104d6020840180986110eb565b600160f81b828401527f0000000000000000000000000000000000000000000000000000000000000000602c8401523060601b604c8401527f00000000000000000000000000000000000000000000000000000000000000006060840152600160f81b6080840152610a48815180926020608187019101611111565b51902090565b919082039182116103a057565b60001981146103a05760010190565b60005b600b8110611101575050600b6000910152565b81810151838201526020016110ee565b60005b8381106111245750506000910152565b8181015183820152602001611114565b919082018092116103a057565b91908110156111515760051b0190565b634e487b7160e01b600052603260045260246000fd5b93909380158015611500575b6114ec578060005260036020526040600020549182861080156114cb575b6114b65785600052600560205260ff604060002054166114a1576040519661124860208901987f00000000000000000000000000000000000000000000000000000000000000008a5230604082015288606082015260018060a01b038716998a60808301528860a083015260a0825261120b60c083610ed0565b61123e6021604051809361122d60208301966000885251809285850190611111565b81010301601f198101835282610ed0565b51902094886110cf565b90602081118015611496575b6113d9576000929192905b8082106113ea57505050506000526002602052604060002054036113d9578260005260056020526040600020600160ff19825416179055600e546112a6600d548092611134565b4210156113cb575b600f54906112bc8483611134565b600c54809111611385575050826112d291611134565b600f556010548211611315578161130c7f0808b45a422e0acd47a625c74fff3eb8d6d4dd063e0845deb1e57581c27b32f59360209361150b565b604051908152a3565b5060407f69488534b307cfbb79dc1f3c74125fca0360a43056b938c730976233cc85ea989161134660115442611134565b6000858152600660209081528482208390556007815284822080546001600160a01b0319168917905560088152908490208390558351928352820152a3565b8290818111156113be576113a69161139c916110cf565b915b600e54611134565b906340df7ba960e01b60005260045260245260446000fd5b50506113a660009161139e565b42600e556000600f556112ae565b637ca55c7760e01b60005260046000fd5b9091929460019081808816146000146114555761143761144561140e868689611141565b604051600160f81b60208201908152913560218201526041810194909452929182906061820190565b03601f198101835282610ed0565b5190205b95811c9392019061125f565b61143761148e611466868689611141565b604051600160f81b602082019081526021820195909552903560418201529182906061820190565b519020611449565b5081811c1515611254565b8563a5c1f3ad60e01b60005260045260246000fd5b8563bb1a72db60e01b60005260045260246000fd5b508160005260046020526114e460406000205484611134565b861015611191565b635528b7c560e11b60005260045260246000fd5b506001548111611173565b6040516370a0823160e01b81523060048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031691602082602481865afa918215610c135760009261160c575b5060249261159c6020926040519063a9059cbb60e01b8583015260018060a01b03168682015286604482015260448152610b45606482610ed0565b6040516370a0823160e01b815230600482015293849182905afa908115610c13576000916115d6575b6115cf92506110cf565b03610bce57565b90506020823d602011611604575b816115f160209383610ed0565b810103126101b8576115cf9151906115c5565b3d91506115e4565b9091506020813d602011611639575b8161162860209383610ed0565b810103126101b85751906024611561565b3d915061161b565b60008091602081519101827f00000000000000000000000000000000000000000000000000000000000000005af13d1561169f573d61167f81610f07565b9061168d6040519283610ed0565b8152600060203d92013e5b15610bce57565b611698565b9596949391929092600094859886988584148015906119a3575b6119915760405160208101908560608201604084525260808101898b5b888110611965575050818103601f190160408301528881526001600160fb1b03891161196157602082611723928b60051b90818c85830137010301601f198101835282610ed0565b5190208854036119525760409694929593965160208101917f19457468657265756d205369676e6564204d6573736167653a0a3332000000008352603c820152603c8152611772605c82610ed0565b51902090879588975b8089106117f85750505050505050505060038402848104600314851517156117e4578360011b90848204600214851517156117d05711156117b95750565b604490838563140c238f60e11b8352600452602452fd5b634e487b7160e01b83526011600452602483fd5b634e487b7160e01b82526011600452602482fd5b919395979b909294969a61180d8d848b611141565b356001600160a01b0381169c8d8203611912576001600160a01b03168d111561193e5795949392919061184c906118458f8b8b611141565b3590611134565b9b8d60418102908082046041149015171561192a576041810180821161191657861061191257840160418c6118fe5760408201356001600160f81b03191615806118f1575b6118e5576001600160a01b03916118a99190896119d2565b16036118d1576118c06001916118458f8b8b611141565b9c5b0197959392919096949661177b565b63a1c9731960e01b8a5260048d905260248afd5b5050509b6001906118c2565b5060009c50813515611891565b634e487b7160e01b8d52603260045260248dfd5b8b80fd5b634e487b7160e01b8d52601160045260248dfd5b634e487b7160e01b8c52601160045260248cfd5b63590a84f760e01b8b5260048e905260248bfd5b631caf76ad60e01b8852600488fd5b8a80fd5b909182356001600160a01b0381169081900361198d57815260209081019201906001016116db565b8d80fd5b6001621398b960e31b03198852600488fd5b5060418402848104604114851517156119be578214156116be565b634e487b7160e01b89526011600452602489fd5b826020116101b857813591836040116101b85760208101359360401015611151576040013560f81c90601b8210611a90575b7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a084118015611a6d575b611a645760209360009360ff60809460405194855216868401526040830152606082015282805260015afa15610c135760005190565b50505050600090565b5060ff8216601b8114159081611a84575b50611a2e565b601c9150141538611a7e565b90601b0160ff81116103a05790611a0456fea164736f6c6343000825000a",
}

// BTTCRoot is an auto generated Go binding around an Ethereum contract.
type BTTCRoot struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BTTCRoot) GetABI() abi.ABI {
	return c.abi
}

// NewBTTCRoot creates a new instance of BTTCRoot.
func NewBTTCRoot() *BTTCRoot {
	parsed, err := BTTCRootMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BTTCRoot{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BTTCRoot) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint256 rootChainId_, bytes32 bttcChainIdHash_, address token_, bytes32 signerSetHash_, address guardian_, uint256 rateLimit_, uint256 rateWindow_, uint256 delayThreshold_, uint256 delay_) returns()
func (bTTCRoot *BTTCRoot) PackConstructor(rootChainId_ *big.Int, bttcChainIdHash_ [32]byte, token_ common.Address, signerSetHash_ [32]byte, guardian_ common.Address, rateLimit_ *big.Int, rateWindow_ *big.Int, delayThreshold_ *big.Int, delay_ *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("", rootChainId_, bttcChainIdHash_, token_, signerSetHash_, guardian_, rateLimit_, rateWindow_, delayThreshold_, delay_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackACTIONSETGUARDIAN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8404a571.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ACTION_SET_GUARDIAN() view returns(uint8)
func (bTTCRoot *BTTCRoot) PackACTIONSETGUARDIAN() []byte {
	enc, err := bTTCRoot.abi.Pack("ACTION_SET_GUARDIAN")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackACTIONSETGUARDIAN is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8404a571.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ACTION_SET_GUARDIAN() view returns(uint8)
func (bTTCRoot *BTTCRoot) TryPackACTIONSETGUARDIAN() ([]byte, error) {
	return bTTCRoot.abi.Pack("ACTION_SET_GUARDIAN")
}

// UnpackACTIONSETGUARDIAN is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8404a571.
//
// Solidity: function ACTION_SET_GUARDIAN() view returns(uint8)
func (bTTCRoot *BTTCRoot) UnpackACTIONSETGUARDIAN(data []byte) (uint8, error) {
	out, err := bTTCRoot.abi.Unpack("ACTION_SET_GUARDIAN", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackACTIONSETLIMITS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00514152.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ACTION_SET_LIMITS() view returns(uint8)
func (bTTCRoot *BTTCRoot) PackACTIONSETLIMITS() []byte {
	enc, err := bTTCRoot.abi.Pack("ACTION_SET_LIMITS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackACTIONSETLIMITS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00514152.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ACTION_SET_LIMITS() view returns(uint8)
func (bTTCRoot *BTTCRoot) TryPackACTIONSETLIMITS() ([]byte, error) {
	return bTTCRoot.abi.Pack("ACTION_SET_LIMITS")
}

// UnpackACTIONSETLIMITS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00514152.
//
// Solidity: function ACTION_SET_LIMITS() view returns(uint8)
func (bTTCRoot *BTTCRoot) UnpackACTIONSETLIMITS(data []byte) (uint8, error) {
	out, err := bTTCRoot.abi.Unpack("ACTION_SET_LIMITS", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackACTIONUNPAUSE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd86c707c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ACTION_UNPAUSE() view returns(uint8)
func (bTTCRoot *BTTCRoot) PackACTIONUNPAUSE() []byte {
	enc, err := bTTCRoot.abi.Pack("ACTION_UNPAUSE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackACTIONUNPAUSE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd86c707c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ACTION_UNPAUSE() view returns(uint8)
func (bTTCRoot *BTTCRoot) TryPackACTIONUNPAUSE() ([]byte, error) {
	return bTTCRoot.abi.Pack("ACTION_UNPAUSE")
}

// UnpackACTIONUNPAUSE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd86c707c.
//
// Solidity: function ACTION_UNPAUSE() view returns(uint8)
func (bTTCRoot *BTTCRoot) UnpackACTIONUNPAUSE(data []byte) (uint8, error) {
	out, err := bTTCRoot.abi.Unpack("ACTION_UNPAUSE", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca090603.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admin(uint8 action, bytes data, address[] signers, uint256[] powers, bytes sigs) returns()
func (bTTCRoot *BTTCRoot) PackAdmin(action uint8, data []byte, signers []common.Address, powers []*big.Int, sigs []byte) []byte {
	enc, err := bTTCRoot.abi.Pack("admin", action, data, signers, powers, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca090603.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function admin(uint8 action, bytes data, address[] signers, uint256[] powers, bytes sigs) returns()
func (bTTCRoot *BTTCRoot) TryPackAdmin(action uint8, data []byte, signers []common.Address, powers []*big.Int, sigs []byte) ([]byte, error) {
	return bTTCRoot.abi.Pack("admin", action, data, signers, powers, sigs)
}

// PackAdminNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ab3be98.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function adminNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackAdminNonce() []byte {
	enc, err := bTTCRoot.abi.Pack("adminNonce")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdminNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ab3be98.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function adminNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackAdminNonce() ([]byte, error) {
	return bTTCRoot.abi.Pack("adminNonce")
}

// UnpackAdminNonce is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4ab3be98.
//
// Solidity: function adminNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackAdminNonce(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("adminNonce", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBttcChainIdHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d729891.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bttcChainIdHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) PackBttcChainIdHash() []byte {
	enc, err := bTTCRoot.abi.Pack("bttcChainIdHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBttcChainIdHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d729891.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bttcChainIdHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) TryPackBttcChainIdHash() ([]byte, error) {
	return bTTCRoot.abi.Pack("bttcChainIdHash")
}

// UnpackBttcChainIdHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d729891.
//
// Solidity: function bttcChainIdHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) UnpackBttcChainIdHash(data []byte) ([32]byte, error) {
	out, err := bTTCRoot.abi.Unpack("bttcChainIdHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCheckpointDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e2df2ac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpointDigest((uint256,uint256,uint256,uint256,uint256,bytes32,bytes32,bytes32) cp) view returns(bytes32)
func (bTTCRoot *BTTCRoot) PackCheckpointDigest(cp BTTCRootCheckpoint) []byte {
	enc, err := bTTCRoot.abi.Pack("checkpointDigest", cp)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpointDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3e2df2ac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpointDigest((uint256,uint256,uint256,uint256,uint256,bytes32,bytes32,bytes32) cp) view returns(bytes32)
func (bTTCRoot *BTTCRoot) TryPackCheckpointDigest(cp BTTCRootCheckpoint) ([]byte, error) {
	return bTTCRoot.abi.Pack("checkpointDigest", cp)
}

// UnpackCheckpointDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3e2df2ac.
//
// Solidity: function checkpointDigest((uint256,uint256,uint256,uint256,uint256,bytes32,bytes32,bytes32) cp) view returns(bytes32)
func (bTTCRoot *BTTCRoot) UnpackCheckpointDigest(data []byte) ([32]byte, error) {
	out, err := bTTCRoot.abi.Unpack("checkpointDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x379607f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(uint256 id) returns()
func (bTTCRoot *BTTCRoot) PackClaim(id *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("claim", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x379607f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(uint256 id) returns()
func (bTTCRoot *BTTCRoot) TryPackClaim(id *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("claim", id)
}

// PackDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a42b8f8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delay() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackDelay() []byte {
	enc, err := bTTCRoot.abi.Pack("delay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a42b8f8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delay() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackDelay() ([]byte, error) {
	return bTTCRoot.abi.Pack("delay")
}

// UnpackDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6a42b8f8.
//
// Solidity: function delay() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackDelay(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("delay", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDelayThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323290ad.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function delayThreshold() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackDelayThreshold() []byte {
	enc, err := bTTCRoot.abi.Pack("delayThreshold")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDelayThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323290ad.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function delayThreshold() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackDelayThreshold() ([]byte, error) {
	return bTTCRoot.abi.Pack("delayThreshold")
}

// UnpackDelayThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x323290ad.
//
// Solidity: function delayThreshold() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackDelayThreshold(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("delayThreshold", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47e7ef24.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(address bttcRecipient, uint256 amount) returns(uint256 nonce)
func (bTTCRoot *BTTCRoot) PackDeposit(bttcRecipient common.Address, amount *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("deposit", bttcRecipient, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47e7ef24.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(address bttcRecipient, uint256 amount) returns(uint256 nonce)
func (bTTCRoot *BTTCRoot) TryPackDeposit(bttcRecipient common.Address, amount *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("deposit", bttcRecipient, amount)
}

// UnpackDeposit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x47e7ef24.
//
// Solidity: function deposit(address bttcRecipient, uint256 amount) returns(uint256 nonce)
func (bTTCRoot *BTTCRoot) UnpackDeposit(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("deposit", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDepositNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde35f5cb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackDepositNonce() []byte {
	enc, err := bTTCRoot.abi.Pack("depositNonce")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde35f5cb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackDepositNonce() ([]byte, error) {
	return bTTCRoot.abi.Pack("depositNonce")
}

// UnpackDepositNonce is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xde35f5cb.
//
// Solidity: function depositNonce() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackDepositNonce(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("depositNonce", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4a530b70.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function digest(uint8 kind, bytes body) view returns(bytes32)
func (bTTCRoot *BTTCRoot) PackDigest(kind uint8, body []byte) []byte {
	enc, err := bTTCRoot.abi.Pack("digest", kind, body)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4a530b70.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function digest(uint8 kind, bytes body) view returns(bytes32)
func (bTTCRoot *BTTCRoot) TryPackDigest(kind uint8, body []byte) ([]byte, error) {
	return bTTCRoot.abi.Pack("digest", kind, body)
}

// UnpackDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4a530b70.
//
// Solidity: function digest(uint8 kind, bytes body) view returns(bytes32)
func (bTTCRoot *BTTCRoot) UnpackDigest(data []byte) ([32]byte, error) {
	out, err := bTTCRoot.abi.Unpack("digest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcedf880d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exit(uint256 number, uint256 id, address recipient, uint256 amount, bytes32[] proof) returns()
func (bTTCRoot *BTTCRoot) PackExit(number *big.Int, id *big.Int, recipient common.Address, amount *big.Int, proof [][32]byte) []byte {
	enc, err := bTTCRoot.abi.Pack("exit", number, id, recipient, amount, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcedf880d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exit(uint256 number, uint256 id, address recipient, uint256 amount, bytes32[] proof) returns()
func (bTTCRoot *BTTCRoot) TryPackExit(number *big.Int, id *big.Int, recipient common.Address, amount *big.Int, proof [][32]byte) ([]byte, error) {
	return bTTCRoot.abi.Pack("exit", number, id, recipient, amount, proof)
}

// PackExited is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ecf6869.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exited(uint256 ) view returns(bool)
func (bTTCRoot *BTTCRoot) PackExited(arg0 *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("exited", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExited is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ecf6869.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exited(uint256 ) view returns(bool)
func (bTTCRoot *BTTCRoot) TryPackExited(arg0 *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("exited", arg0)
}

// UnpackExited is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9ecf6869.
//
// Solidity: function exited(uint256 ) view returns(bool)
func (bTTCRoot *BTTCRoot) UnpackExited(data []byte) (bool, error) {
	out, err := bTTCRoot.abi.Unpack("exited", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackFirstWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4762786d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function firstWithdrawal(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) PackFirstWithdrawal(arg0 *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("firstWithdrawal", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFirstWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4762786d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function firstWithdrawal(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackFirstWithdrawal(arg0 *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("firstWithdrawal", arg0)
}

// UnpackFirstWithdrawal is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4762786d.
//
// Solidity: function firstWithdrawal(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackFirstWithdrawal(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("firstWithdrawal", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGuardian is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452a9320.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function guardian() view returns(address)
func (bTTCRoot *BTTCRoot) PackGuardian() []byte {
	enc, err := bTTCRoot.abi.Pack("guardian")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGuardian is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x452a9320.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function guardian() view returns(address)
func (bTTCRoot *BTTCRoot) TryPackGuardian() ([]byte, error) {
	return bTTCRoot.abi.Pack("guardian")
}

// UnpackGuardian is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x452a9320.
//
// Solidity: function guardian() view returns(address)
func (bTTCRoot *BTTCRoot) UnpackGuardian(data []byte) (common.Address, error) {
	out, err := bTTCRoot.abi.Unpack("guardian", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackLastCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd32e81a5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastCheckpoint() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackLastCheckpoint() []byte {
	enc, err := bTTCRoot.abi.Pack("lastCheckpoint")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd32e81a5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastCheckpoint() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackLastCheckpoint() ([]byte, error) {
	return bTTCRoot.abi.Pack("lastCheckpoint")
}

// UnpackLastCheckpoint is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd32e81a5.
//
// Solidity: function lastCheckpoint() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackLastCheckpoint(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("lastCheckpoint", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pause() returns()
func (bTTCRoot *BTTCRoot) PackPause() []byte {
	enc, err := bTTCRoot.abi.Pack("pause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pause() returns()
func (bTTCRoot *BTTCRoot) TryPackPause() ([]byte, error) {
	return bTTCRoot.abi.Pack("pause")
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (bTTCRoot *BTTCRoot) PackPaused() []byte {
	enc, err := bTTCRoot.abi.Pack("paused")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paused() view returns(bool)
func (bTTCRoot *BTTCRoot) TryPackPaused() ([]byte, error) {
	return bTTCRoot.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (bTTCRoot *BTTCRoot) UnpackPaused(data []byte) (bool, error) {
	out, err := bTTCRoot.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackRateLimit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61e08e72.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rateLimit() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackRateLimit() []byte {
	enc, err := bTTCRoot.abi.Pack("rateLimit")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRateLimit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61e08e72.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rateLimit() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackRateLimit() ([]byte, error) {
	return bTTCRoot.abi.Pack("rateLimit")
}

// UnpackRateLimit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61e08e72.
//
// Solidity: function rateLimit() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackRateLimit(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("rateLimit", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRateWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98379af9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rateWindow() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackRateWindow() []byte {
	enc, err := bTTCRoot.abi.Pack("rateWindow")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRateWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98379af9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rateWindow() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackRateWindow() ([]byte, error) {
	return bTTCRoot.abi.Pack("rateWindow")
}

// UnpackRateWindow is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x98379af9.
//
// Solidity: function rateWindow() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackRateWindow(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("rateWindow", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReleaseAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5de44d2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function releaseAt(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) PackReleaseAt(arg0 *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("releaseAt", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReleaseAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5de44d2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function releaseAt(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackReleaseAt(arg0 *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("releaseAt", arg0)
}

// UnpackReleaseAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5de44d2.
//
// Solidity: function releaseAt(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackReleaseAt(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("releaseAt", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRootChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f6a1e14.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rootChainId() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackRootChainId() []byte {
	enc, err := bTTCRoot.abi.Pack("rootChainId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRootChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f6a1e14.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rootChainId() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackRootChainId() ([]byte, error) {
	return bTTCRoot.abi.Pack("rootChainId")
}

// UnpackRootChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2f6a1e14.
//
// Solidity: function rootChainId() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackRootChainId(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("rootChainId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSignerSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b3a08ff.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signerSetHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) PackSignerSetHash() []byte {
	enc, err := bTTCRoot.abi.Pack("signerSetHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSignerSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b3a08ff.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signerSetHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) TryPackSignerSetHash() ([]byte, error) {
	return bTTCRoot.abi.Pack("signerSetHash")
}

// UnpackSignerSetHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b3a08ff.
//
// Solidity: function signerSetHash() view returns(bytes32)
func (bTTCRoot *BTTCRoot) UnpackSignerSetHash(data []byte) ([32]byte, error) {
	out, err := bTTCRoot.abi.Unpack("signerSetHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSubmitCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcfbe2b66.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitCheckpoint((uint256,uint256,uint256,uint256,uint256,bytes32,bytes32,bytes32) cp, address[] signers, uint256[] powers, bytes sigs) returns()
func (bTTCRoot *BTTCRoot) PackSubmitCheckpoint(cp BTTCRootCheckpoint, signers []common.Address, powers []*big.Int, sigs []byte) []byte {
	enc, err := bTTCRoot.abi.Pack("submitCheckpoint", cp, signers, powers, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcfbe2b66.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitCheckpoint((uint256,uint256,uint256,uint256,uint256,bytes32,bytes32,bytes32) cp, address[] signers, uint256[] powers, bytes sigs) returns()
func (bTTCRoot *BTTCRoot) TryPackSubmitCheckpoint(cp BTTCRootCheckpoint, signers []common.Address, powers []*big.Int, sigs []byte) ([]byte, error) {
	return bTTCRoot.abi.Pack("submitCheckpoint", cp, signers, powers, sigs)
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (bTTCRoot *BTTCRoot) PackToken() []byte {
	enc, err := bTTCRoot.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (bTTCRoot *BTTCRoot) TryPackToken() ([]byte, error) {
	return bTTCRoot.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (bTTCRoot *BTTCRoot) UnpackToken(data []byte) (common.Address, error) {
	out, err := bTTCRoot.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackWindowStart is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb0c2783a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function windowStart() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackWindowStart() []byte {
	enc, err := bTTCRoot.abi.Pack("windowStart")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWindowStart is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb0c2783a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function windowStart() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackWindowStart() ([]byte, error) {
	return bTTCRoot.abi.Pack("windowStart")
}

// UnpackWindowStart is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb0c2783a.
//
// Solidity: function windowStart() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackWindowStart(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("windowStart", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWindowUsed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1f4579a3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function windowUsed() view returns(uint256)
func (bTTCRoot *BTTCRoot) PackWindowUsed() []byte {
	enc, err := bTTCRoot.abi.Pack("windowUsed")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWindowUsed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1f4579a3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function windowUsed() view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackWindowUsed() ([]byte, error) {
	return bTTCRoot.abi.Pack("windowUsed")
}

// UnpackWindowUsed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1f4579a3.
//
// Solidity: function windowUsed() view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackWindowUsed(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("windowUsed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWithdrawalCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x39661603.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawalCount(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) PackWithdrawalCount(arg0 *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("withdrawalCount", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawalCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x39661603.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawalCount(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) TryPackWithdrawalCount(arg0 *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("withdrawalCount", arg0)
}

// UnpackWithdrawalCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x39661603.
//
// Solidity: function withdrawalCount(uint256 ) view returns(uint256)
func (bTTCRoot *BTTCRoot) UnpackWithdrawalCount(data []byte) (*big.Int, error) {
	out, err := bTTCRoot.abi.Unpack("withdrawalCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWithdrawalsRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1f0fa45e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawalsRoot(uint256 ) view returns(bytes32)
func (bTTCRoot *BTTCRoot) PackWithdrawalsRoot(arg0 *big.Int) []byte {
	enc, err := bTTCRoot.abi.Pack("withdrawalsRoot", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawalsRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1f0fa45e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawalsRoot(uint256 ) view returns(bytes32)
func (bTTCRoot *BTTCRoot) TryPackWithdrawalsRoot(arg0 *big.Int) ([]byte, error) {
	return bTTCRoot.abi.Pack("withdrawalsRoot", arg0)
}

// UnpackWithdrawalsRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1f0fa45e.
//
// Solidity: function withdrawalsRoot(uint256 ) view returns(bytes32)
func (bTTCRoot *BTTCRoot) UnpackWithdrawalsRoot(data []byte) ([32]byte, error) {
	out, err := bTTCRoot.abi.Unpack("withdrawalsRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// BTTCRootCheckpointAccepted represents a CheckpointAccepted event raised by the BTTCRoot contract.
type BTTCRootCheckpointAccepted struct {
	Number          *big.Int
	WithdrawalsRoot [32]byte
	NextSetHash     [32]byte
	SignedPower     *big.Int
	TotalPower      *big.Int
	Raw             *types.Log // Blockchain specific contextual infos
}

const BTTCRootCheckpointAcceptedEventName = "CheckpointAccepted"

// ContractEventName returns the user-defined event name.
func (BTTCRootCheckpointAccepted) ContractEventName() string {
	return BTTCRootCheckpointAcceptedEventName
}

// UnpackCheckpointAcceptedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CheckpointAccepted(uint256 indexed number, bytes32 withdrawalsRoot, bytes32 nextSetHash, uint256 signedPower, uint256 totalPower)
func (bTTCRoot *BTTCRoot) UnpackCheckpointAcceptedEvent(log *types.Log) (*BTTCRootCheckpointAccepted, error) {
	event := "CheckpointAccepted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootCheckpointAccepted)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootDeposit represents a Deposit event raised by the BTTCRoot contract.
type BTTCRootDeposit struct {
	Nonce         *big.Int
	Depositor     common.Address
	BttcRecipient common.Address
	Amount        *big.Int
	Raw           *types.Log // Blockchain specific contextual infos
}

const BTTCRootDepositEventName = "Deposit"

// ContractEventName returns the user-defined event name.
func (BTTCRootDeposit) ContractEventName() string {
	return BTTCRootDepositEventName
}

// UnpackDepositEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposit(uint256 indexed nonce, address indexed depositor, address indexed bttcRecipient, uint256 amount)
func (bTTCRoot *BTTCRoot) UnpackDepositEvent(log *types.Log) (*BTTCRootDeposit, error) {
	event := "Deposit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootDeposit)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootExitQueued represents a ExitQueued event raised by the BTTCRoot contract.
type BTTCRootExitQueued struct {
	Id        *big.Int
	Recipient common.Address
	Amount    *big.Int
	ReleaseAt *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const BTTCRootExitQueuedEventName = "ExitQueued"

// ContractEventName returns the user-defined event name.
func (BTTCRootExitQueued) ContractEventName() string {
	return BTTCRootExitQueuedEventName
}

// UnpackExitQueuedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ExitQueued(uint256 indexed id, address indexed recipient, uint256 amount, uint256 releaseAt)
func (bTTCRoot *BTTCRoot) UnpackExitQueuedEvent(log *types.Log) (*BTTCRootExitQueued, error) {
	event := "ExitQueued"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootExitQueued)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootExited represents a Exited event raised by the BTTCRoot contract.
type BTTCRootExited struct {
	Id        *big.Int
	Recipient common.Address
	Amount    *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const BTTCRootExitedEventName = "Exited"

// ContractEventName returns the user-defined event name.
func (BTTCRootExited) ContractEventName() string {
	return BTTCRootExitedEventName
}

// UnpackExitedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Exited(uint256 indexed id, address indexed recipient, uint256 amount)
func (bTTCRoot *BTTCRoot) UnpackExitedEvent(log *types.Log) (*BTTCRootExited, error) {
	event := "Exited"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootExited)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootGuardianChanged represents a GuardianChanged event raised by the BTTCRoot contract.
type BTTCRootGuardianChanged struct {
	Guardian common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const BTTCRootGuardianChangedEventName = "GuardianChanged"

// ContractEventName returns the user-defined event name.
func (BTTCRootGuardianChanged) ContractEventName() string {
	return BTTCRootGuardianChangedEventName
}

// UnpackGuardianChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event GuardianChanged(address guardian)
func (bTTCRoot *BTTCRoot) UnpackGuardianChangedEvent(log *types.Log) (*BTTCRootGuardianChanged, error) {
	event := "GuardianChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootGuardianChanged)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootLimitsChanged represents a LimitsChanged event raised by the BTTCRoot contract.
type BTTCRootLimitsChanged struct {
	RateLimit      *big.Int
	RateWindow     *big.Int
	DelayThreshold *big.Int
	Delay          *big.Int
	Raw            *types.Log // Blockchain specific contextual infos
}

const BTTCRootLimitsChangedEventName = "LimitsChanged"

// ContractEventName returns the user-defined event name.
func (BTTCRootLimitsChanged) ContractEventName() string {
	return BTTCRootLimitsChangedEventName
}

// UnpackLimitsChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event LimitsChanged(uint256 rateLimit, uint256 rateWindow, uint256 delayThreshold, uint256 delay)
func (bTTCRoot *BTTCRoot) UnpackLimitsChangedEvent(log *types.Log) (*BTTCRootLimitsChanged, error) {
	event := "LimitsChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootLimitsChanged)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootPaused represents a Paused event raised by the BTTCRoot contract.
type BTTCRootPaused struct {
	By  common.Address
	Raw *types.Log // Blockchain specific contextual infos
}

const BTTCRootPausedEventName = "Paused"

// ContractEventName returns the user-defined event name.
func (BTTCRootPaused) ContractEventName() string {
	return BTTCRootPausedEventName
}

// UnpackPausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Paused(address by)
func (bTTCRoot *BTTCRoot) UnpackPausedEvent(log *types.Log) (*BTTCRootPaused, error) {
	event := "Paused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootPaused)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BTTCRootUnpaused represents a Unpaused event raised by the BTTCRoot contract.
type BTTCRootUnpaused struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const BTTCRootUnpausedEventName = "Unpaused"

// ContractEventName returns the user-defined event name.
func (BTTCRootUnpaused) ContractEventName() string {
	return BTTCRootUnpausedEventName
}

// UnpackUnpausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unpaused()
func (bTTCRoot *BTTCRoot) UnpackUnpausedEvent(log *types.Log) (*BTTCRootUnpaused, error) {
	event := "Unpaused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bTTCRoot.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BTTCRootUnpaused)
	if len(log.Data) > 0 {
		if err := bTTCRoot.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bTTCRoot.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (bTTCRoot *BTTCRoot) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["AlreadyExited"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackAlreadyExitedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["BadProof"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackBadProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["IsPaused"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackIsPausedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["LengthMismatch"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackLengthMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["NoSuchCheckpoint"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackNoSuchCheckpointError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["NotEnoughPower"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackNotEnoughPowerError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["NotGuardian"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackNotGuardianError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["NotInCheckpoint"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackNotInCheckpointError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["NotQueued"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackNotQueuedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["RateLimited"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackRateLimitedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["Reentered"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackReenteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["SignersNotAscending"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackSignersNotAscendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["StillDelayed"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackStillDelayedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["UnknownAction"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackUnknownActionError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["WrongCheckpointNumber"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackWrongCheckpointNumberError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["WrongSignerSet"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackWrongSignerSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], bTTCRoot.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return bTTCRoot.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BTTCRootAlreadyExited represents a AlreadyExited error raised by the BTTCRoot contract.
type BTTCRootAlreadyExited struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyExited(uint256 id)
func BTTCRootAlreadyExitedErrorID() common.Hash {
	return common.HexToHash("0xa5c1f3ad576b9b4eee634545fdc01997dc855d6d4162e3aa8d50a493e0d00a39")
}

// UnpackAlreadyExitedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyExited(uint256 id)
func (bTTCRoot *BTTCRoot) UnpackAlreadyExitedError(raw []byte) (*BTTCRootAlreadyExited, error) {
	out := new(BTTCRootAlreadyExited)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "AlreadyExited", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootBadProof represents a BadProof error raised by the BTTCRoot contract.
type BTTCRootBadProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProof()
func BTTCRootBadProofErrorID() common.Hash {
	return common.HexToHash("0x7ca55c774976027f27f73629387ed99a2044a8721aec39c3c2717944b08c423a")
}

// UnpackBadProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProof()
func (bTTCRoot *BTTCRoot) UnpackBadProofError(raw []byte) (*BTTCRootBadProof, error) {
	out := new(BTTCRootBadProof)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "BadProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootBadSignature represents a BadSignature error raised by the BTTCRoot contract.
type BTTCRootBadSignature struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature(uint256 index)
func BTTCRootBadSignatureErrorID() common.Hash {
	return common.HexToHash("0xa1c973190ea39240abfd4da3039e0d94cea4d1e689acfee87f4e7dbabee0f307")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature(uint256 index)
func (bTTCRoot *BTTCRoot) UnpackBadSignatureError(raw []byte) (*BTTCRootBadSignature, error) {
	out := new(BTTCRootBadSignature)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootIsPaused represents a IsPaused error raised by the BTTCRoot contract.
type BTTCRootIsPaused struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error IsPaused()
func BTTCRootIsPausedErrorID() common.Hash {
	return common.HexToHash("0x1309a5639731e6b91c4aa19095f23eee07602ba240a393e2b5ccbf71a8e2952f")
}

// UnpackIsPausedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error IsPaused()
func (bTTCRoot *BTTCRoot) UnpackIsPausedError(raw []byte) (*BTTCRootIsPaused, error) {
	out := new(BTTCRootIsPaused)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "IsPaused", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootLengthMismatch represents a LengthMismatch error raised by the BTTCRoot contract.
type BTTCRootLengthMismatch struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LengthMismatch()
func BTTCRootLengthMismatchErrorID() common.Hash {
	return common.HexToHash("0xff633a3803c58b9bc21e58efecee59f27e033cc0b1883fccb4969c76146fe60f")
}

// UnpackLengthMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LengthMismatch()
func (bTTCRoot *BTTCRoot) UnpackLengthMismatchError(raw []byte) (*BTTCRootLengthMismatch, error) {
	out := new(BTTCRootLengthMismatch)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "LengthMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootNoSuchCheckpoint represents a NoSuchCheckpoint error raised by the BTTCRoot contract.
type BTTCRootNoSuchCheckpoint struct {
	Number *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoSuchCheckpoint(uint256 number)
func BTTCRootNoSuchCheckpointErrorID() common.Hash {
	return common.HexToHash("0xaa516f8acd31522b296525d40a51c8c322d9f2688ab0dc627f590ffad6025039")
}

// UnpackNoSuchCheckpointError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoSuchCheckpoint(uint256 number)
func (bTTCRoot *BTTCRoot) UnpackNoSuchCheckpointError(raw []byte) (*BTTCRootNoSuchCheckpoint, error) {
	out := new(BTTCRootNoSuchCheckpoint)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "NoSuchCheckpoint", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootNotEnoughPower represents a NotEnoughPower error raised by the BTTCRoot contract.
type BTTCRootNotEnoughPower struct {
	Signed *big.Int
	Total  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotEnoughPower(uint256 signed, uint256 total)
func BTTCRootNotEnoughPowerErrorID() common.Hash {
	return common.HexToHash("0x2818471e89747c07a734bd246a38b5c4b17e3d94e5a91fc9484cbaeff1d5568f")
}

// UnpackNotEnoughPowerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotEnoughPower(uint256 signed, uint256 total)
func (bTTCRoot *BTTCRoot) UnpackNotEnoughPowerError(raw []byte) (*BTTCRootNotEnoughPower, error) {
	out := new(BTTCRootNotEnoughPower)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "NotEnoughPower", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootNotGuardian represents a NotGuardian error raised by the BTTCRoot contract.
type BTTCRootNotGuardian struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotGuardian()
func BTTCRootNotGuardianErrorID() common.Hash {
	return common.HexToHash("0xef6d0f022a6034a270a71b2c18c08f672aa285210fc713e02118a224aabfd50b")
}

// UnpackNotGuardianError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotGuardian()
func (bTTCRoot *BTTCRoot) UnpackNotGuardianError(raw []byte) (*BTTCRootNotGuardian, error) {
	out := new(BTTCRootNotGuardian)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "NotGuardian", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootNotInCheckpoint represents a NotInCheckpoint error raised by the BTTCRoot contract.
type BTTCRootNotInCheckpoint struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotInCheckpoint(uint256 id)
func BTTCRootNotInCheckpointErrorID() common.Hash {
	return common.HexToHash("0xbb1a72db019ca821888e56eb338fcad112a81b8a8c488b93d0e8154f01226467")
}

// UnpackNotInCheckpointError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotInCheckpoint(uint256 id)
func (bTTCRoot *BTTCRoot) UnpackNotInCheckpointError(raw []byte) (*BTTCRootNotInCheckpoint, error) {
	out := new(BTTCRootNotInCheckpoint)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "NotInCheckpoint", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootNotQueued represents a NotQueued error raised by the BTTCRoot contract.
type BTTCRootNotQueued struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotQueued(uint256 id)
func BTTCRootNotQueuedErrorID() common.Hash {
	return common.HexToHash("0x8c880f58a93f336b10117a382aec5f93763142f1cdb75a3a0f8195d75815dd1d")
}

// UnpackNotQueuedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotQueued(uint256 id)
func (bTTCRoot *BTTCRoot) UnpackNotQueuedError(raw []byte) (*BTTCRootNotQueued, error) {
	out := new(BTTCRootNotQueued)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "NotQueued", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootRateLimited represents a RateLimited error raised by the BTTCRoot contract.
type BTTCRootRateLimited struct {
	Available *big.Int
	FreesAt   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RateLimited(uint256 available, uint256 freesAt)
func BTTCRootRateLimitedErrorID() common.Hash {
	return common.HexToHash("0x40df7ba965001ee3d0b0747d0b1990d13a6297f0492738466c1cf8b3371bb4d8")
}

// UnpackRateLimitedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RateLimited(uint256 available, uint256 freesAt)
func (bTTCRoot *BTTCRoot) UnpackRateLimitedError(raw []byte) (*BTTCRootRateLimited, error) {
	out := new(BTTCRootRateLimited)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "RateLimited", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootReentered represents a Reentered error raised by the BTTCRoot contract.
type BTTCRootReentered struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Reentered()
func BTTCRootReenteredErrorID() common.Hash {
	return common.HexToHash("0xb5dfd9e53a10d4d747ca3de749b98baf23546e800cbacdb1dbc28233e586d1ee")
}

// UnpackReenteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Reentered()
func (bTTCRoot *BTTCRoot) UnpackReenteredError(raw []byte) (*BTTCRootReentered, error) {
	out := new(BTTCRootReentered)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "Reentered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootSignersNotAscending represents a SignersNotAscending error raised by the BTTCRoot contract.
type BTTCRootSignersNotAscending struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignersNotAscending(uint256 index)
func BTTCRootSignersNotAscendingErrorID() common.Hash {
	return common.HexToHash("0x590a84f76cadfc6716aaea24107af9134f0cd4c66edbe9af3ffe914656b566fa")
}

// UnpackSignersNotAscendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignersNotAscending(uint256 index)
func (bTTCRoot *BTTCRoot) UnpackSignersNotAscendingError(raw []byte) (*BTTCRootSignersNotAscending, error) {
	out := new(BTTCRootSignersNotAscending)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "SignersNotAscending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootStillDelayed represents a StillDelayed error raised by the BTTCRoot contract.
type BTTCRootStillDelayed struct {
	ReleaseAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StillDelayed(uint256 releaseAt)
func BTTCRootStillDelayedErrorID() common.Hash {
	return common.HexToHash("0x2f0e0ca8954ff5da6591b5fd8253579005c820e6758aae5ea4e8ffa656894740")
}

// UnpackStillDelayedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StillDelayed(uint256 releaseAt)
func (bTTCRoot *BTTCRoot) UnpackStillDelayedError(raw []byte) (*BTTCRootStillDelayed, error) {
	out := new(BTTCRootStillDelayed)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "StillDelayed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootTransferFailed represents a TransferFailed error raised by the BTTCRoot contract.
type BTTCRootTransferFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed()
func BTTCRootTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x90b8ec1877afffd816d05d9b13947f3ff18ec5851c38bad15ec2b710f92391b1")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed()
func (bTTCRoot *BTTCRoot) UnpackTransferFailedError(raw []byte) (*BTTCRootTransferFailed, error) {
	out := new(BTTCRootTransferFailed)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootUnknownAction represents a UnknownAction error raised by the BTTCRoot contract.
type BTTCRootUnknownAction struct {
	Action uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownAction(uint8 action)
func BTTCRootUnknownActionErrorID() common.Hash {
	return common.HexToHash("0x60df9f87e18478d23de0310fcb754e39051470c0e95e401f5bfc8087e3b3af92")
}

// UnpackUnknownActionError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownAction(uint8 action)
func (bTTCRoot *BTTCRoot) UnpackUnknownActionError(raw []byte) (*BTTCRootUnknownAction, error) {
	out := new(BTTCRootUnknownAction)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "UnknownAction", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootWrongCheckpointNumber represents a WrongCheckpointNumber error raised by the BTTCRoot contract.
type BTTCRootWrongCheckpointNumber struct {
	Got  *big.Int
	Want *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongCheckpointNumber(uint256 got, uint256 want)
func BTTCRootWrongCheckpointNumberErrorID() common.Hash {
	return common.HexToHash("0x04080b8c42377cf7213e90c317d74185f6a9c81d1f8673efc3cce32474aefe06")
}

// UnpackWrongCheckpointNumberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongCheckpointNumber(uint256 got, uint256 want)
func (bTTCRoot *BTTCRoot) UnpackWrongCheckpointNumberError(raw []byte) (*BTTCRootWrongCheckpointNumber, error) {
	out := new(BTTCRootWrongCheckpointNumber)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "WrongCheckpointNumber", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootWrongSignerSet represents a WrongSignerSet error raised by the BTTCRoot contract.
type BTTCRootWrongSignerSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongSignerSet()
func BTTCRootWrongSignerSetErrorID() common.Hash {
	return common.HexToHash("0x1caf76ad27d2e0de8b33e10bd4479d81af30d1986d4e0b39af9fc76b8250228b")
}

// UnpackWrongSignerSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongSignerSet()
func (bTTCRoot *BTTCRoot) UnpackWrongSignerSetError(raw []byte) (*BTTCRootWrongSignerSet, error) {
	out := new(BTTCRootWrongSignerSet)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "WrongSignerSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootZeroAddress represents a ZeroAddress error raised by the BTTCRoot contract.
type BTTCRootZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func BTTCRootZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (bTTCRoot *BTTCRoot) UnpackZeroAddressError(raw []byte) (*BTTCRootZeroAddress, error) {
	out := new(BTTCRootZeroAddress)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BTTCRootZeroAmount represents a ZeroAmount error raised by the BTTCRoot contract.
type BTTCRootZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func BTTCRootZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (bTTCRoot *BTTCRoot) UnpackZeroAmountError(raw []byte) (*BTTCRootZeroAmount, error) {
	out := new(BTTCRootZeroAmount)
	if err := bTTCRoot.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
