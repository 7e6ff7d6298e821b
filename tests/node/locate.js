// Run in the page by webdriver_locator.mjs: finds elements the way Playwright's locators do, by ARIA role
// and accessible name (the common HTML roles and the name computation's usual cases), by text,
// by label and by CSS, so tests read as a person uses the page in every engine.
/* eslint-disable no-unused-vars */
function normalize(text) {
  return (text || "").replace(/\s+/g, " ").trim();
}

function matches(pattern, text, exact) {
  if (!pattern) return true;
  if (pattern.source !== undefined) return new RegExp(pattern.source, pattern.flags).test(text);
  return exact ? text === normalize(pattern.text) : text.toLowerCase().includes(normalize(pattern.text).toLowerCase());
}

function isVisible(el) {
  if (!el.isConnected) return false;
  const style = getComputedStyle(el);
  if (style.visibility !== "visible") return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

/** Outside the accessibility tree: hidden by CSS, `hidden`, aria-hidden, or a closed <details>. */
function isHiddenFromTree(el) {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (node.getAttribute("aria-hidden") === "true") return true;
    const style = getComputedStyle(node);
    if (style.display === "none") return true;
    const details = node.parentElement?.closest("details");
    if (details && !details.open && node.parentElement === details && node.tagName !== "SUMMARY") return true;
  }
  return getComputedStyle(el).visibility !== "visible";
}

const INPUT_ROLES = {
  button: "button", submit: "button", reset: "button", image: "button",
  checkbox: "checkbox", radio: "radio", range: "slider", number: "spinbutton", search: "searchbox",
  text: "textbox", email: "textbox", tel: "textbox", url: "textbox", password: "textbox", "": "textbox",
};

function roleOf(el) {
  const explicit = el.getAttribute("role");
  if (explicit) return explicit.trim().split(/\s+/)[0];
  const tag = el.tagName.toLowerCase();
  switch (tag) {
    case "button": return "button";
    case "a": case "area": return el.hasAttribute("href") ? "link" : null;
    case "h1": case "h2": case "h3": case "h4": case "h5": case "h6": return "heading";
    case "input": {
      const type = (el.getAttribute("type") || "").toLowerCase();
      if (type === "hidden" || type === "file" || type === "color" || type === "date") return null;
      const role = INPUT_ROLES[type] ?? "textbox";
      return role === "textbox" && el.hasAttribute("list") ? "combobox" : role;
    }
    case "textarea": return "textbox";
    case "select": return el.multiple || el.size > 1 ? "listbox" : "combobox";
    case "option": return "option";
    case "li": return "listitem";
    case "ul": case "ol": case "menu": return "list";
    case "aside": return "complementary";
    case "nav": return "navigation";
    case "main": return "main";
    case "header": return el.closest("article,aside,main,nav,section") ? null : "banner";
    case "footer": return el.closest("article,aside,main,nav,section") ? null : "contentinfo";
    case "section": return hasOwnName(el) ? "region" : null;
    case "form": return hasOwnName(el) ? "form" : null;
    case "article": return "article";
    case "dialog": return "dialog";
    case "img": return el.getAttribute("alt") === "" ? "presentation" : "img";
    case "output": return "status";
    case "table": return "table";
    case "tr": return "row";
    case "td": return "cell";
    case "th": return "columnheader";
    case "progress": return "progressbar";
    case "meter": return "meter";
    case "fieldset": return "group";
    case "details": return "group";
    case "dl": return null;
    case "p": return "paragraph";
    default: return null;
  }
}

function hasOwnName(el) {
  return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") || el.hasAttribute("title");
}

/** Roles whose name comes from their content (WAI-ARIA "name from content"). */
const NAME_FROM_CONTENT = new Set([
  "button", "link", "heading", "listitem", "option", "cell", "columnheader", "row", "checkbox", "radio",
  "menuitem", "tab", "switch", "tooltip", "treeitem", "status",
]);

function textOf(node) {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return "";
  if (isHiddenFromTree(node) && node.getAttribute("aria-hidden") === "true") return "";
  if (getComputedStyle(node).display === "none") return "";
  if (node.hasAttribute("aria-label")) return ` ${node.getAttribute("aria-label")} `;
  const tag = node.tagName;
  if (tag === "IMG") return ` ${node.getAttribute("alt") || ""} `;
  if (tag === "INPUT" || tag === "TEXTAREA") return ` ${node.value} `;
  const inner = [...(node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes)].map(textOf).join("");
  const display = getComputedStyle(node).display;
  return display === "inline" ? inner : ` ${inner} `;
}

function labelledText(el) {
  const ids = el.getAttribute("aria-labelledby");
  if (ids) {
    return ids.split(/\s+/).map((id) => {
      const target = el.getRootNode().getElementById?.(id) ?? document.getElementById(id);
      return target ? textOf(target) : "";
    }).join(" ");
  }
  return null;
}

function nameOf(el, role) {
  const byIds = labelledText(el);
  if (byIds !== null && normalize(byIds)) return normalize(byIds);
  const label = el.getAttribute("aria-label");
  if (label && normalize(label)) return normalize(label);
  if (el.labels && el.labels.length) {
    return normalize([...el.labels].map((l) => [...l.childNodes].filter((n) => n !== el).map(textOf).join("")).join(" "));
  }
  if (el.tagName === "IMG") return normalize(el.getAttribute("alt") || el.getAttribute("title"));
  if (el.tagName === "INPUT" && ["button", "submit", "reset"].includes(el.type)) return normalize(el.value || el.type);
  if (el.tagName === "FIELDSET") {
    const legend = el.querySelector(":scope > legend");
    if (legend) return normalize(textOf(legend));
  }
  if (el.tagName === "svg" || el.tagName === "SVG") {
    const title = el.querySelector(":scope > title");
    if (title) return normalize(title.textContent);
  }
  if (NAME_FROM_CONTENT.has(role)) {
    const text = normalize(textOf(el));
    if (text) return text;
  }
  return normalize(el.getAttribute("title") || el.getAttribute("placeholder") || "");
}

/** Every element below `roots` (shadow roots included), in document order. */
function descendants(roots) {
  const out = [];
  const walk = (node) => {
    for (const child of node.children) {
      out.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  for (const root of roots) walk(root);
  return [...new Set(out)];
}

function byText(candidates, pattern, exact) {
  const hits = candidates.filter((el) => {
    if (["SCRIPT", "STYLE", "HEAD", "TITLE", "TEMPLATE"].includes(el.tagName)) return false;
    return matches(pattern, normalize(el.textContent), exact);
  });
  // The innermost elements that hold the text, as Playwright reports them.
  return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
}

function locate(steps) {
  let current = [document];
  for (const step of steps) {
    const [kind] = step;
    if (kind === "css") {
      current = [...new Set(current.flatMap((root) => [...root.querySelectorAll(step[1])]))];
    } else if (kind === "role") {
      const [, role, name, exact] = step;
      current = descendants(current).filter(
        (el) => roleOf(el) === role && !isHiddenFromTree(el) && matches(name, nameOf(el, role), exact),
      );
    } else if (kind === "text") {
      current = byText(descendants(current), step[1], step[2]);
    } else if (kind === "label") {
      const [, name, exact] = step;
      current = descendants(current).filter((el) => {
        if (el.hasAttribute("aria-label") && matches(name, normalize(el.getAttribute("aria-label")), exact)) return true;
        const byIds = labelledText(el);
        if (byIds !== null && matches(name, normalize(byIds), exact)) return true;
        return !!el.labels?.length && [...el.labels].some((l) => matches(name, normalize(textOf(l)), exact));
      });
    } else if (kind === "hasText") {
      current = current.filter((el) => matches(step[1], normalize(el.textContent), false));
    } else if (kind === "visible") {
      current = current.filter((el) => isVisible(el) === step[1]);
    } else if (kind === "nth") {
      const index = step[1] < 0 ? current.length + step[1] : step[1];
      current = current[index] ? [current[index]] : [];
    }
  }
  return current.filter((el) => el !== document);
}
