// The demo shop's sign-in page: password first; on a new device a one-time code by text
// message or e-mail (the demo outbox on the right plays phone and mailbox), an authenticator
// app, a passkey or a recovery code; then the account and the shop. Uses the otp-wasm package as native
// ES modules and the demo server's API (README, "The demo server"). One module per concern
// in app/; this one starts them.
import { showAccount } from "./app/account.js";
import { watchVault } from "./app/authenticator.js";
import "./app/backups.js";
import "./app/checkout.js";
import { checkClock } from "./app/clock.js";
import { watchOutbox } from "./app/outbox.js";
import "./app/sign_in.js";
import "./app/transaction_authenticator.js";

watchOutbox();
watchVault();
checkClock();
showAccount();
