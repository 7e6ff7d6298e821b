// attachCodeInput and receiveSmsCode from the installed package, in Chromium, Firefox and
// WebKitGTK: real <input> elements, real input/paste/keydown events, attributes and validity
// read back. WebOTP (OTPCredential) is Chromium's alone: elsewhere the tests check what the
// package documents where it is missing (receiveSmsCode is `unsupported`; attachCodeInput
// asks nothing and the field works as typed).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ENGINES, FEATURES, forEachEngine, launch } from "./engines.mjs";
import { openPage, serve, writePackagePage } from "./support.mjs";

let server;

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
        // Firefox empties the clipboardData a script gives a ClipboardEvent (its data is the
        // browser's own pastes' alone): the event carries this one instead. The keyboard's real
        // copy and paste is a test of its own, in every engine.
        if (event.clipboardData?.getData("text") !== text) Object.defineProperty(event, "clipboardData", { value: clipboardData });
        input.dispatchEvent(event);
        return event.defaultPrevented;
      };
      window.press = (input, key) => {
        const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
        input.dispatchEvent(event);
        return event.defaultPrevented;
      };
      // In a frame: pastes each message the top page posts into a code field, and answers
      // with what the field then holds (a cross-origin frame is reached by messages alone).
      if (window.top !== window) {
        const input = field();
        const wrongOrigin = [];
        otp.attachCodeInput(input, { webOtp: false, onWrongOrigin: (host) => wrongOrigin.push(host) });
        addEventListener("message", (event) => {
          input.value = "";
          paste(input, event.data);
          const ancestorOrigins = "ancestorOrigins" in location;
          event.source.postMessage({ value: input.value, wrongOrigin: [...wrongOrigin], ancestorOrigins }, event.origin);
        });
        parent.postMessage("ready", "*");
      }
    `,
  );
  server = await serve(process.cwd());
});

after(async () => {
  await server?.close();
});

forEachEngine(ENGINES, (engine) => {
  const webOtp = FEATURES[engine].webotp;
  let browser;
  let page;

  before(async () => {
    browser = await launch(engine);
    page = await openPage(browser, `${server.url}/code-input.html`);
  });

  after(async () => {
    await browser?.close();
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

  test("a message copied and pasted with the keyboard fills the field with its code", async () => {
    // The browser's own copy and paste (Control+C, Control+V): a trusted paste event whose
    // clipboardData the browser filled.
    await page.evaluate((message) => {
      const source = document.createElement("textarea");
      source.id = "copied";
      source.value = message;
      document.body.append(source);
      const input = field({ id: "pasted-into" });
      window.pasted = { completed: [], events: [] };
      input.addEventListener("paste", (event) => pasted.events.push(event.isTrusted), true);
      otp.attachCodeInput(input, { webOtp: false, onComplete: (code) => pasted.completed.push(code) });
      source.focus();
      source.select();
    }, "Your code is 482 913. It expires in 10 minutes.");
    await page.keyboard.press("Control+C");
    await page.locator("#pasted-into").focus();
    await page.keyboard.press("Control+V");
    await page.waitForFunction(() => pasted.events.length > 0);
    const result = await page.evaluate(() => {
      const input = document.getElementById("pasted-into");
      const state = [input.value, input.getAttribute("aria-invalid"), pasted.completed, pasted.events];
      document.getElementById("copied").remove();
      input.remove();
      return state;
    });
    assert.deepEqual(result, ["482913", null, ["482913"], [true]]);
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
        reported.push([event.message, event.error?.message]);
        event.preventDefault();
      }, { once: true });
      const input = field();
      otp.attachCodeInput(input, { onComplete: () => { throw new Error("page bug"); }, webOtp: false });
      typeInto(input, "123456");
      typeInto(input, "12a");
      return { value: input.value, invalid: input.getAttribute("aria-invalid"), reported };
    });
    assert.deepEqual([result.value, result.invalid], ["12a", "true"]);
    // Reported as an uncaught exception, in each engine's words ("Uncaught Error: page bug",
    // "Error: page bug").
    assert.equal(result.reported.length, 1);
    assert.match(result.reported[0][0], /Error: page bug$/);
    assert.equal(result.reported[0][1], "page bug");
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

  test(`receiveSmsCode: ${webOtp ? "WebOTP requests end with aborted on abort and on timeout" : "unsupported without WebOTP"}`, async () => {
    const result = await page.evaluate(async () => {
      const code = (promise) => promise.then(() => "resolved", (e) => `${e.name}:${e.code}`);
      const controller = new AbortController();
      const pending = code(otp.receiveSmsCode({ signal: controller.signal }));
      controller.abort();
      const aborted = new AbortController();
      aborted.abort();
      return {
        hasWebOtp: "OTPCredential" in globalThis,
        capability: (await otp.capabilities()).webOtp,
        abort: await pending,
        timeout: await code(otp.receiveSmsCode({ timeoutMs: 1 })),
        alreadyAborted: await code(otp.receiveSmsCode({ signal: aborted.signal })),
        badSignal: await code(otp.receiveSmsCode({ signal: "soon" })),
      };
    });
    // Chromium exposes WebOTP (OTPCredential) in secure contexts, as http://127.0.0.1 is;
    // Firefox and WebKit have none, and every request is `unsupported` (the arguments are
    // still checked first).
    const ending = webOtp ? "OtpError:aborted" : "OtpError:unsupported";
    assert.deepEqual(result, {
      hasWebOtp: webOtp,
      capability: webOtp,
      abort: ending,
      timeout: ending,
      alreadyAborted: ending,
      badSignal: "OtpError:invalid_argument",
    });
  });

  test(`attachCodeInput with WebOTP on: ${webOtp ? "detach aborts the pending request" : "without WebOTP nothing is asked, the field works as typed"}`, async () => {
    const result = await page.evaluate(async () => {
      // Every credentials request the field makes, and any promise it leaves rejected unseen.
      const asked = [];
      const container = navigator.credentials;
      const original = container?.get;
      if (original) {
        container.get = function (options) {
          asked.push(options);
          return original.call(this, options);
        };
      }
      const rejections = [];
      const onRejection = (event) => rejections.push(String(event.reason));
      addEventListener("unhandledrejection", onRejection);
      try {
        const input = field();
        const completed = [];
        const attached = otp.attachCodeInput(input, { onComplete: (code) => completed.push(code) }); // webOtp defaults to true
        const whileAttached = asked.map((options) => options.signal.aborted);
        typeInto(input, "123 456");
        const typed = [input.value, [...completed]];
        attached.detach();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return {
          asked: asked.map((options) => [options.otp?.transport, options.signal.aborted]),
          whileAttached,
          typed,
          detached: [input.value, input.getAttribute("autocomplete")],
          rejections,
        };
      } finally {
        if (original) delete container.get;
        removeEventListener("unhandledrejection", onRejection);
      }
    });
    // Chromium: one SMS request, pending while attached and aborted by detach. Elsewhere none
    // (WebOTP is missing), and the field is the same one-time-code field.
    assert.deepEqual(result.asked, webOtp ? [[["sms"], true]] : []);
    assert.deepEqual(result.whileAttached, webOtp ? [false] : []);
    assert.deepEqual(result.typed, ["123456", ["123456"]]);
    assert.deepEqual(result.detached, ["123456", null]);
    assert.deepEqual(result.rejections, []);
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
    const top = server.url.replace("127.0.0.1", "localhost");
    await page.goto(`${top}/code-input.html`);
    await page.waitForFunction(() => window.ready);
    const result = await page.evaluate(async (src) => {
      const frame = document.createElement("iframe");
      const ready = new Promise((resolve) => addEventListener("message", (event) => event.data === "ready" && resolve()));
      frame.src = src;
      document.body.append(frame);
      await ready;
      const ask = (text) =>
        new Promise((resolve) => {
          addEventListener("message", (event) => resolve(event.data), { once: true });
          frame.contentWindow.postMessage(text, new URL(src).origin);
        });
      const topOnly = await ask("@localhost #111111"); // for the top-level page, not a frame
      const bound = await ask("@localhost #222222 @127.0.0.1");
      return { ancestorOrigins: bound.ancestorOrigins, topOnly: topOnly.value, bound: bound.value, wrongOrigin: bound.wrongOrigin };
    }, `${server.url}/code-input.html`);
    await page.goto(`${server.url}/code-input.html`);
    await page.waitForFunction(() => window.ready);
    // The top-level host comes from location.ancestorOrigins, which each engine here has.
    assert.deepEqual(result, { ancestorOrigins: true, topOnly: "", bound: "222222", wrongOrigin: ["localhost"] });
  });
});
