// attachCodeInput and receiveSmsCode from the installed package, in headless Chromium: real
// <input> elements, real input/paste/keydown events, attributes and validity read back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchChromium, openPage, serve, writePackagePage } from "./support.mjs";

let browser;
let server;
let page;

before(async () => {
  writePackagePage(
    "code-input",
    `
      // Helpers the tests call: they do what a person's typing, pasting and keys do.
      window.field = (attributes = {}) => {
        const input = document.createElement("input");
        for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
        document.body.append(input);
        return input;
      };
      window.typeInto = (input, text) => {
        input.value = text;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      };
      window.paste = (input, text) => {
        const clipboardData = new DataTransfer();
        clipboardData.setData("text", text);
        const event = new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true });
        input.dispatchEvent(event);
        return event.defaultPrevented;
      };
      window.press = (input, key) => {
        const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
        input.dispatchEvent(event);
        return event.defaultPrevented;
      };
    `,
  );
  browser = await launchChromium();
  server = await serve(process.cwd());
  page = await openPage(browser, `${server.url}/code-input.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("sets what browsers and password managers look for", async () => {
  const attributes = await page.evaluate(() => {
    const read = (input) => ["autocomplete", "inputmode", "maxlength", "pattern"].map((a) => input.getAttribute(a));
    const six = field();
    otp.attachCodeInput(six, { webOtp: false });
    const eight = field();
    otp.attachCodeInput(eight, { digits: 8, webOtp: false });
    return [read(six), read(eight)];
  });
  assert.deepEqual(attributes, [
    ["one-time-code", "numeric", "6", "[0-9]{6}"],
    ["one-time-code", "numeric", "8", "[0-9]{8}"],
  ]);
});

test("typing is normalized as it happens, and onComplete runs once per code", async () => {
  const result = await page.evaluate(() => {
    const input = field();
    const calls = [];
    otp.attachCodeInput(input, { onComplete: (code) => calls.push(code), webOtp: false });
    const shown = [];
    for (const typed of ["1", "12", "123 ", "１２３４", "12345"]) {
      typeInto(input, typed);
      shown.push([input.value, input.getAttribute("aria-invalid"), input.validity.customError, input.validity.patternMismatch]);
    }
    const before = calls.length;
    typeInto(input, "123456");
    typeInto(input, "123456");
    typeInto(input, "12345");
    typeInto(input, "123457");
    return { shown, before, calls, valid: input.checkValidity() };
  });
  assert.deepEqual(result.shown, [
    ["1", null, false, true],
    ["12", null, false, true],
    ["123", null, false, true],
    ["1234", null, false, true],
    ["12345", null, false, true],
  ]);
  assert.equal(result.before, 0);
  assert.deepEqual(result.calls, ["123456", "123457"]);
  assert.equal(result.valid, true);
});

test("an invalid entry is marked, explained, and left for the person to fix", async () => {
  const result = await page.evaluate(() => {
    const input = field();
    otp.attachCodeInput(input, { webOtp: false });
    typeInto(input, "12a");
    const invalid = [input.value, input.getAttribute("aria-invalid"), input.validity.customError, input.validationMessage];
    typeInto(input, "12");
    return { invalid, fixed: [input.getAttribute("aria-invalid"), input.validity.customError] };
  });
  assert.deepEqual(result.invalid.slice(0, 3), ["12a", "true", true]);
  assert.match(result.invalid[3], /only contain digits/);
  assert.deepEqual(result.fixed, [null, false]);
});

test("a pasted message becomes its code", async () => {
  const result = await page.evaluate(() => {
    const input = field();
    const calls = [];
    otp.attachCodeInput(input, { onComplete: (code) => calls.push(code), webOtp: false });
    const steps = [];
    // An origin-bound message for this page's own host.
    steps.push([paste(input, `Your code is 482 913. It expires in 10 minutes.\n\n@${location.hostname} #482913`), input.value]);
    steps.push([paste(input, " 123-456 "), input.value]);
    steps.push([paste(input, "hello"), input.value]); // no code in it: pasted as usual
    typeInto(input, "G-654321 is your Google verification code.");
    steps.push([null, input.value]);
    return { steps, calls };
  });
  assert.deepEqual(result.steps, [
    [true, "482913"],
    [true, "123456"],
    [false, "123456"],
    [null, "654321"],
  ]);
  assert.deepEqual(result.calls, ["482913", "123456", "654321"]);
});

test("Enter does not submit a partial code", async () => {
  const result = await page.evaluate(() => {
    const input = field();
    otp.attachCodeInput(input, { webOtp: false });
    typeInto(input, "123");
    const held = [press(input, "Enter"), input.validationMessage];
    const otherKey = press(input, "a");
    typeInto(input, "123456");
    return { held, otherKey, complete: press(input, "Enter"), valid: input.checkValidity() };
  });
  assert.equal(result.held[0], true);
  assert.match(result.held[1], /6 digits/);
  assert.equal(result.otherKey, false);
  assert.equal(result.complete, false);
  assert.equal(result.valid, true);
});

test("detach removes everything it added", async () => {
  const result = await page.evaluate(() => {
    const input = field({ autocomplete: "off", maxlength: "20" });
    const calls = [];
    const attached = otp.attachCodeInput(input, { onComplete: (code) => calls.push(code), webOtp: false });
    typeInto(input, "12a");
    attached.detach();
    attached.detach(); // twice is harmless
    const attributes = ["autocomplete", "maxlength", "inputmode", "pattern", "aria-invalid"].map((a) => input.getAttribute(a));
    const validAfter = input.checkValidity();
    typeInto(input, "123 456");
    return { attributes, validAfter, value: input.value, pasted: paste(input, "123456"), entered: press(input, "Enter"), calls };
  });
  assert.deepEqual(result.attributes, ["off", "20", null, null, null]);
  assert.equal(result.validAfter, true);
  assert.equal(result.value, "123 456", "no listener normalizes any more");
  assert.equal(result.pasted, false);
  assert.equal(result.entered, false);
  assert.deepEqual(result.calls, []);
});

test("a throwing onComplete is reported, and the field keeps working", async () => {
  const result = await page.evaluate(() => {
    const reported = [];
    window.addEventListener("error", (event) => {
      reported.push(event.message);
      event.preventDefault();
    }, { once: true });
    const input = field();
    otp.attachCodeInput(input, { onComplete: () => { throw new Error("page bug"); }, webOtp: false });
    typeInto(input, "123456");
    typeInto(input, "12a");
    return { value: input.value, invalid: input.getAttribute("aria-invalid"), reported };
  });
  assert.deepEqual(result, { value: "12a", invalid: "true", reported: ["Uncaught Error: page bug"] });
});

test("bad arguments are OtpErrors", async () => {
  const codes = await page.evaluate(() => {
    const code = (fn) => { try { fn(); return "no error"; } catch (e) { return `${e.name}:${e.code}`; } };
    return [
      code(() => otp.attachCodeInput(null)),
      code(() => otp.attachCodeInput(document.body)),
      code(() => otp.attachCodeInput(field(), { onComplete: "soon" })),
      code(() => otp.attachCodeInput(field(), { digits: 11 })),
      code(() => otp.attachCodeInput(field(), { webOtp: "yes" })),
    ];
  });
  assert.deepEqual(codes, Array(5).fill("OtpError:invalid_argument"));
});

test("receiveSmsCode: WebOTP requests end with aborted on abort and on timeout", async () => {
  const result = await page.evaluate(async () => {
    const code = (promise) => promise.then(() => "resolved", (e) => `${e.name}:${e.code}`);
    const controller = new AbortController();
    const pending = code(otp.receiveSmsCode({ signal: controller.signal }));
    controller.abort();
    const aborted = new AbortController();
    aborted.abort();
    return {
      hasWebOtp: "OTPCredential" in globalThis,
      abort: await pending,
      timeout: await code(otp.receiveSmsCode({ timeoutMs: 1 })),
      alreadyAborted: await code(otp.receiveSmsCode({ signal: aborted.signal })),
      badSignal: await code(otp.receiveSmsCode({ signal: "soon" })),
    };
  });
  // Chromium exposes WebOTP (OTPCredential) in secure contexts, as http://127.0.0.1 is.
  assert.deepEqual(result, {
    hasWebOtp: true,
    abort: "OtpError:aborted",
    timeout: "OtpError:aborted",
    alreadyAborted: "OtpError:aborted",
    badSignal: "OtpError:invalid_argument",
  });
});

test("attachCodeInput with WebOTP on: detach aborts the pending request", async () => {
  const result = await page.evaluate(async () => {
    const input = field();
    const attached = otp.attachCodeInput(input); // webOtp defaults to true
    attached.detach();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return [input.value, input.getAttribute("autocomplete")];
  });
  assert.deepEqual(result, ["", null]);
});

test("an origin-bound SMS for another site never fills the field (a phishing page relaying it)", async () => {
  const result = await page.evaluate(() => {
    const host = location.hostname;
    const input = field();
    const wrongOrigin = [];
    const completed = [];
    otp.attachCodeInput(input, {
      webOtp: false,
      onComplete: (code) => completed.push(code),
      onWrongOrigin: (intended) => wrongOrigin.push(intended),
    });
    const state = () => [input.value, input.getAttribute("aria-invalid"), input.validationMessage];
    const seen = {};
    // Pasted: the shop's real message, relayed to this (phishing) page.
    seen.pastedHandled = paste(input, "Your Shop code is 481516.\n\n@shop.example #481516");
    seen.pasted = state();
    // Autofilled or typed whole, as a keyboard suggestion would put it there.
    typeInto(input, "Your Shop code is 481516.\n\n@shop.example #481516 @pay.example");
    seen.typed = state();
    // Bound to this page: fills the field.
    paste(input, `Your code is 234567.\n\n@${host} #234567`);
    seen.here = state();
    // Bound to a frame on this host inside another site: not for this top-level page.
    paste(input, `@shop.example #345678 @${host}`);
    seen.framedElsewhere = state();
    return { host, seen, wrongOrigin, completed };
  });
  const { host, seen } = result;
  assert.equal(seen.pastedHandled, true, "the paste was taken over");
  assert.deepEqual(seen.pasted.slice(0, 2), ["", "true"]);
  assert.match(seen.pasted[2], /This code is for shop\.example, not this site/);
  assert.deepEqual(seen.typed.slice(0, 2), ["", "true"]);
  assert.deepEqual(seen.here, ["234567", null, ""]);
  assert.deepEqual(seen.framedElsewhere.slice(0, 2), ["", "true"]);
  assert.deepEqual(result.wrongOrigin, ["shop.example", "shop.example", "shop.example"]);
  assert.deepEqual(result.completed, ["234567"]);
  assert.ok(host);
});

test("in a frame, a code bound to the frame's host inside the top page's host fills the field", async () => {
  // The top page on localhost, the field in a frame on 127.0.0.1: two hosts on one server.
  const framed = await browser.newPage();
  const top = server.url.replace("127.0.0.1", "localhost");
  await framed.goto(`${top}/code-input.html`);
  await framed.evaluate((src) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    document.body.append(frame);
    return new Promise((resolve) => frame.addEventListener("load", resolve));
  }, `${server.url}/code-input.html`);
  const frame = framed.frames().find((f) => f.url().startsWith(server.url));
  await frame.waitForFunction(() => typeof window.otp?.attachCodeInput === "function");
  const result = await frame.evaluate(() => {
    const input = field();
    const wrongOrigin = [];
    otp.attachCodeInput(input, { webOtp: false, onWrongOrigin: (host) => wrongOrigin.push(host) });
    paste(input, "@localhost #111111"); // for the top-level page, not a frame
    const topOnly = input.value;
    paste(input, "@localhost #222222 @127.0.0.1");
    return { topOnly, bound: input.value, wrongOrigin };
  });
  await framed.close();
  assert.deepEqual(result, { topOnly: "", bound: "222222", wrongOrigin: ["localhost"] });
});
