// Code fields, emptied the way typing would empty them.
import { $ } from "./ui.js";

/** Empties a code field the way typing would, so attachCodeInput sees the change. */
export function clearCode(field = $("code")) {
  field.value = "";
  field.dispatchEvent(new Event("input", { bubbles: true }));
}
