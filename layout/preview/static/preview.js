// The preview page: draws /state.json and redraws it after every build, keeping the
// zoom and the scroll position, so that an edit shows up where the editor is looking.
"use strict";

const PX_PER_MM = 96 / 25.4; // CSS pixels: 100 % is the page at its printed size
const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const CLICK_PX = 4; // a press that moves less than this is a click, not a pan

const viewer = document.getElementById("viewer");
const pagesBox = document.getElementById("pages");
const strip = document.getElementById("strip");
let state = null;
let scale = null; // null: fit the window
let shown = -1;

function fitScale(page) {
  const height = viewer.clientHeight - 80;
  const width = viewer.clientWidth - 40;
  return Math.min(height / (page.height_mm * PX_PER_MM), width / (page.width_mm * PX_PER_MM));
}

function currentScale() {
  if (scale !== null) return scale;
  return state && state.pages.length ? fitScale(state.pages[0]) : 1;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function render(next) {
  state = next;
  shown = state.version;
  document.title = `${state.title} · newsprint`;
  document.getElementById("title").textContent = state.title;
  const status = document.getElementById("status");
  status.classList.toggle("failed", state.error !== null);
  status.textContent = describe(state);
  const error = document.getElementById("error");
  error.hidden = state.error === null;
  error.textContent = state.error || "";
  document.getElementById("issue-pdf").hidden = !state.pages.length;
  pagesBox.classList.toggle("stale", state.error !== null);
  renderPages();
  renderFindings();
  sizePages();
}

function describe(s) {
  if (s.built === null) return s.error ? `build ${s.version} failed at ${s.failed_at}` : "building…";
  const pages = `build ${s.built.version} of ${s.built.at}`;
  if (s.error !== null) {
    return `build ${s.version} failed at ${s.failed_at}; the pages shown are ${pages}`;
  }
  return `${pages}: ${s.summary}`;
}

function renderPages() {
  const wanted = new Set(state.pages.map((p) => `page-${p.number}`));
  for (const figure of [...pagesBox.children]) if (!wanted.has(figure.id)) figure.remove();
  strip.replaceChildren();
  state.pages.forEach((page, index) => {
    let figure = document.getElementById(`page-${page.number}`);
    if (!figure) {
      figure = element("figure", { id: `page-${page.number}` });
      const sheet = element("div", { class: "sheet" }, element("img", { alt: `page ${page.number}` }));
      figure.append(sheet, element("figcaption"));
    }
    pagesBox.insertBefore(figure, pagesBox.children[index] || null); // in page order
    const img = figure.querySelector("img");
    if (img.getAttribute("src") !== page.url) img.setAttribute("src", page.url);
    figure.dataset.digest = page.digest;
    const sheet = figure.querySelector(".sheet");
    sheet.querySelectorAll(".mark").forEach((mark) => mark.remove());
    for (const mark of page.marks) sheet.append(markElement(mark));
    figure.querySelector("figcaption").replaceChildren(
      `page ${page.number} · `,
      element("a", { href: page.pdf, download: `page-${page.number}.pdf` }, "PDF"),
    );
    const thumbnail = element("a", { href: `#page-${page.number}` },
      element("img", { src: page.url, alt: "" }), `page ${page.number}`);
    thumbnail.addEventListener("click", (event) => {
      event.preventDefault();
      figure.scrollIntoView({ block: "start", inline: "start" });
    });
    strip.append(thumbnail);
  });
}

function markElement(mark) {
  const style = state.styles[mark.kind];
  const node = element("div", {
    class: `mark ${mark.kind} ${style.shaded ? "shaded" : "outlined"}`,
    "data-finding": mark.finding,
    title: mark.label,
  });
  Object.assign(node.style, {
    left: `${mark.x * 100}%`,
    top: `${mark.y * 100}%`,
    width: `${mark.width * 100}%`,
    height: `${mark.height * 100}%`,
    color: style.colour,
    background: style.shaded ? style.shade : "transparent",
  });
  if (!style.shaded) node.append(element("span", { class: "label" }, element("span", {}, mark.label)));
  return node;
}

function renderFindings() {
  const list = document.getElementById("findings");
  list.replaceChildren();
  state.findings.forEach((finding, index) => {
    const item = element("li", { class: finding.severity }, finding.text);
    if (finding.marked) {
      item.dataset.marked = "";
      item.addEventListener("click", () => goTo(index));
    }
    list.append(item);
  });
  document.getElementById("clean").hidden = state.findings.length > 0 || state.error !== null;
}

function sizePages() {
  const s = currentScale();
  for (const page of state ? state.pages : []) {
    const sheet = document.querySelector(`#page-${page.number} .sheet`);
    if (!sheet) continue;
    sheet.style.width = `${page.width_mm * PX_PER_MM * s}px`;
    sheet.style.height = `${page.height_mm * PX_PER_MM * s}px`;
  }
  viewer.classList.toggle("zoomed", scale !== null && state && state.pages.length
    && scale > fitScale(state.pages[0]) * 1.01);
  document.getElementById("zoom").textContent = `${Math.round(s * 100)} %`;
}

// Zoom to `next` (null: fit) keeping the point at client (x, y) where it is.
function zoom(next, x, y) {
  const target = document.elementFromPoint(x, y);
  const sheet = target && target.closest(".sheet");
  let anchor = null;
  if (sheet) {
    const box = sheet.getBoundingClientRect();
    anchor = { sheet, fx: (x - box.left) / box.width, fy: (y - box.top) / box.height };
  }
  scale = next === null ? null : Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
  sizePages();
  if (anchor) {
    const box = anchor.sheet.getBoundingClientRect();
    viewer.scrollLeft += box.left + anchor.fx * box.width - x;
    viewer.scrollTop += box.top + anchor.fy * box.height - y;
  }
}

function centre() {
  const box = viewer.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}

function goTo(index) {
  const marks = document.querySelectorAll(`.mark[data-finding="${index}"]`);
  if (!marks.length) return;
  if (scale === null || scale < 1) {
    scale = 1;
    sizePages();
  }
  marks[0].scrollIntoView({ block: "center", inline: "center" });
  for (const mark of marks) {
    mark.classList.remove("flash");
    void mark.offsetWidth; // restart the animation
    mark.classList.add("flash");
  }
}

let press = null;
viewer.addEventListener("mousedown", (event) => {
  if (event.button !== 0 || !event.target.closest(".sheet")) return;
  press = { x: event.clientX, y: event.clientY, left: viewer.scrollLeft, top: viewer.scrollTop, moved: false };
  event.preventDefault();
});
window.addEventListener("mousemove", (event) => {
  if (!press) return;
  const dx = event.clientX - press.x;
  const dy = event.clientY - press.y;
  if (Math.abs(dx) + Math.abs(dy) >= CLICK_PX) press.moved = true;
  if (press.moved) {
    viewer.classList.add("panning");
    viewer.scrollLeft = press.left - dx;
    viewer.scrollTop = press.top - dy;
  }
});
window.addEventListener("mouseup", (event) => {
  if (!press) return;
  const clicked = !press.moved;
  press = null;
  viewer.classList.remove("panning");
  if (clicked) {
    const zoomed = viewer.classList.contains("zoomed");
    zoom(zoomed ? null : 1, event.clientX, event.clientY);
  }
});
viewer.addEventListener("wheel", (event) => {
  if (!event.ctrlKey) return; // plain wheel scrolls; pinch arrives as Ctrl + wheel
  event.preventDefault();
  zoom(currentScale() * Math.exp(-event.deltaY * 0.002), event.clientX, event.clientY);
}, { passive: false });
window.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea")) return;
  const keys = { "0": null, "1": 1, "+": currentScale() * 1.25, "=": currentScale() * 1.25, "-": currentScale() / 1.25 };
  if (event.key in keys) zoom(keys[event.key], ...centre());
});
document.getElementById("fit").addEventListener("click", () => zoom(null, ...centre()));
document.getElementById("actual").addEventListener("click", () => zoom(1, ...centre()));
document.getElementById("larger").addEventListener("click", () => zoom(currentScale() * 1.25, ...centre()));
document.getElementById("smaller").addEventListener("click", () => zoom(currentScale() / 1.25, ...centre()));
window.addEventListener("resize", sizePages);

async function refresh() {
  const response = await fetch("/state.json", { cache: "no-store" });
  render(await response.json());
}

new EventSource("/events").onmessage = (event) => {
  if (Number(event.data) !== shown) refresh();
};
refresh();
