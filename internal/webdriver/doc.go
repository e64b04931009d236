// Package webdriver drives headless Chromium through chromedriver's W3C
// WebDriver HTTP API, with nothing but net/http: enough for tests to open a
// page, read its text, fill a form and save a screenshot.
package webdriver
