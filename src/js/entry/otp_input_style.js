// `<otp-input>`'s shadow styles. Pages restyle it without forking through the custom properties
// below (on the element or any ancestor) and the parts: slot (with slot-filled, slot-active,
// slot-invalid), caret, separator, message, input.
export const STYLE = `
:host {
  --otp-slot-width: 2.75rem;
  --otp-slot-height: 3.25rem;
  --otp-gap: 0.5rem;
  --otp-font: 600 1.5rem/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  --otp-radius: 0.5rem;
  --otp-border: #8a8f98;
  --otp-background: #fff;
  --otp-color: #14161a;
  --otp-accent: #2457d6;
  --otp-error: #b3261e;
  --otp-badge-space: 2.75rem;
  display: inline-block;
  position: relative;
  vertical-align: middle;
  color: var(--otp-color);
  /* Room after the last slot for a password manager's badge, inside the native input. */
  padding-inline-end: var(--otp-badge-space);
}
@media (prefers-color-scheme: dark) {
  :host {
    --otp-border: #6b7280;
    --otp-background: #16181d;
    --otp-color: #f1f3f6;
    --otp-accent: #7aa2ff;
    --otp-error: #ff8a80;
  }
}
:host([hidden]) { display: none; }
:host(:disabled) { opacity: 0.55; }
.slots {
  display: flex;
  gap: var(--otp-gap);
  align-items: center;
  direction: ltr; /* codes read left to right on right-to-left pages too */
}
[part~="slot"] {
  box-sizing: border-box;
  width: var(--otp-slot-width);
  height: var(--otp-slot-height);
  display: grid;
  place-items: center;
  position: relative;
  border: 1px solid var(--otp-border);
  border-radius: var(--otp-radius);
  background: var(--otp-background);
  font: var(--otp-font);
  transition: border-color 120ms, box-shadow 120ms;
}
[part~="slot-active"] {
  border-color: var(--otp-accent);
  box-shadow: 0 0 0 2px var(--otp-accent);
}
[part~="slot-invalid"] { border-color: var(--otp-error); }
[part~="caret"] {
  position: absolute;
  width: 2px;
  height: 55%;
  background: currentColor;
  animation: otp-blink 1.1s step-end infinite;
}
@keyframes otp-blink { 50% { opacity: 0; } }
[part~="separator"] {
  width: 0.6rem;
  height: 2px;
  background: var(--otp-border);
  border-radius: 1px;
}
input {
  /* The one real field: over the slots and the badge room, its own text invisible. */
  position: absolute;
  inset: 0;
  width: 100%;
  height: 100%;
  box-sizing: border-box;
  margin: 0;
  padding: 0;
  border: 0;
  outline: none;
  background: transparent;
  color: transparent;
  caret-color: transparent;
  text-shadow: none;
  font-size: 16px; /* below 16px, iOS zooms into a focused field */
  letter-spacing: -0.5em;
  -webkit-text-fill-color: transparent;
  cursor: text;
}
input::selection { background: transparent; color: transparent; }
input:disabled { cursor: not-allowed; }
[part~="message"] {
  color: var(--otp-error);
  font-size: 0.875rem;
  max-width: calc(10 * var(--otp-slot-width));
}
/* Kept in the tree while empty: a live region announces only changes to what is already there. */
[part~="message"]:not(:empty) { margin-top: 0.375rem; }
@media (prefers-reduced-motion: reduce) {
  [part~="caret"] { animation: none; }
  [part~="slot"] { transition: none; }
}
@media (forced-colors: active) {
  [part~="slot"] { border-color: CanvasText; background: Canvas; color: CanvasText; }
  [part~="slot-active"] { border: 3px solid Highlight; box-shadow: none; }
  [part~="slot-invalid"] { border-style: dashed; }
  [part~="caret"], [part~="separator"] { background: CanvasText; }
  [part~="message"] { color: CanvasText; }
}
`;
