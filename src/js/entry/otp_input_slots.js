// How `<otp-input>` draws its code: one slot per character (parts slot, slot-filled,
// slot-active, slot-invalid), a caret in the active empty slot, and a separator between the
// halves of an even code of six or more. Only drawing: the element decides what to draw.

function element(tag, part) {
  const created = document.createElement(tag);
  created.setAttribute("part", part);
  return created;
}

/**
 * Draws `value` into `container` as `length` slots: `active` is the slot the caret is in (-1:
 * none), `caret` whether it shows there (an empty slot, no selection), `invalid` the error state.
 */
export function drawSlots(container, { length, value, active, caret, invalid }) {
  const separatorAfter = length >= 6 && length % 2 === 0 ? length / 2 : -1;
  if (container.childElementCount !== length + (separatorAfter > 0 ? 1 : 0)) {
    container.replaceChildren();
    for (let i = 0; i < length; i++) {
      if (i === separatorAfter) container.append(element("div", "separator"));
      container.append(element("div", "slot"));
      container.lastChild.append(document.createElement("span"));
    }
  }
  let i = 0;
  for (const slot of container.children) {
    if (slot.getAttribute("part") === "separator") continue;
    const char = value[i] ?? "";
    const parts = ["slot"];
    if (char) parts.push("slot-filled");
    if (i === active) parts.push("slot-active");
    if (invalid) parts.push("slot-invalid");
    slot.setAttribute("part", parts.join(" "));
    slot.firstChild.textContent = char;
    const caretHere = caret && i === active && !char;
    if (caretHere && slot.childElementCount === 1) slot.append(element("span", "caret"));
    if (!caretHere && slot.childElementCount === 2) slot.lastChild.remove();
    i++;
  }
}
