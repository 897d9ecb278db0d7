// DOM helpers shared by every view. Everything the page shows from the API goes through
// text nodes made here, never through innerHTML, so a report titled "<img onerror=...>"
// stays text (see docs/web.md, "Rules for contributors").

/**
 * Makes an element. attrs: class, text, on<Event> handlers, dataset (object), boolean
 * attributes as true/false, anything else as an attribute; children: nodes or strings
 * (strings become text nodes), null/false are skipped, arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else if (name === 'dataset') Object.assign(el.dataset, value);
      else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
      else if (name === 'value') el.value = value;
      else if (name === 'checked' || name === 'selected') el[name] = !!value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let uid = 0;
/** A unique id for label/control and aria-describedby pairs. */
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * A labelled form field with a slot for its error, so that a problem's errors[] can be shown
 * next to the control it names (see showProblem). control is an input/select/textarea element;
 * its name attribute is the API's field name.
 */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('field');
  const errorId = `${control.id}-error`;
  const hintId = hint ? `${control.id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, dataset: { errorFor: control.name || '' } }));
}

/** Removes the errors an earlier showProblem put into a form. */
export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const summary = form.querySelector('.form-problem');
  if (summary) summary.textContent = '';
}

/**
 * Shows an API error in a form: each errors[] entry beside the control of that name (or a
 * dotted name such as location.lat under its first segment), the title/detail in the form's
 * live summary. Focus goes to the first invalid control so a keyboard user lands on it.
 */
export function showProblem(form, error) {
  clearErrors(form);
  const problem = error && error.problem;
  const summary = form.querySelector('.form-problem');
  const lines = [];
  let first = null;
  for (const item of (problem && Array.isArray(problem.errors)) ? problem.errors : []) {
    const name = String(item.field || '');
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`)
      || form.querySelector(`[data-error-for="${CSS.escape(name.split('.')[0])}"]`);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${item.message}` : String(item.message);
      const control = form.querySelector(`[name="${CSS.escape(slot.dataset.errorFor)}"]`);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        first = first || control;
      }
    } else {
      lines.push(`${name}: ${item.message}`);
    }
  }
  if (summary) {
    summary.textContent = [problemText(error), ...lines].filter(Boolean).join(' ');
  }
  if (first) first.focus();
}

/** The sentence a person reads for an API error: the problem's localized detail or title. */
export function problemText(error) {
  if (!error) return '';
  const problem = error.problem;
  if (problem) return [problem.title, problem.detail].filter(Boolean).join(': ');
  return error.message || '';
}

/** A live region inside a form for its problem summary; role=alert so it is read at once. */
export function formProblem() {
  return h('div', { class: 'form-problem', role: 'alert' });
}

/** Calls fn at most once per wait ms, after the calls stop (map moves, typing). */
export function debounce(fn, wait) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

/**
 * Speaks a status message through the page's polite live region (and shows it): "saved",
 * "sent", "3 reports". urgent = true uses the alert region instead, for failures.
 */
export function say(text, urgent = false) {
  const region = document.getElementById(urgent ? 'alert' : 'status');
  if (!region) return;
  // Emptied first so that the same sentence twice is read twice.
  region.textContent = '';
  region.classList.toggle('shown', !!text);
  clearTimeout(region.fmqTimer);
  if (text) {
    setTimeout(() => { region.textContent = text; }, 50);
    // Read at once by screen readers; the banner then makes room again.
    region.fmqTimer = setTimeout(() => { region.classList.remove('shown'); region.textContent = ''; }, 12000);
  }
}
