// The category tree (GET /api/v1/categories) in the reader's language, fetched once per
// language, with helpers for pickers and for showing a code's name.
import { api } from './api.js';
import { h } from './dom.js';
import { language } from './i18n.js';

const cache = new Map();

/** The tree: [{code, name, icon, subcategories: [{code, name, icon}]}]; [] when unreachable. */
export async function categories() {
  const tag = language();
  if (!cache.has(tag)) {
    cache.set(tag, api('/categories', { auth: false }).then(({ data }) => data.items || [])
      .catch(() => { cache.delete(tag); return []; }));
  }
  return cache.get(tag);
}

/** The name of a category code, or the code itself when the tree does not know it. */
export async function categoryName(code) {
  for (const top of await categories()) {
    if (top.code === code) return top.name;
    for (const sub of top.subcategories || []) if (sub.code === code) return sub.name;
  }
  return code;
}

/**
 * Options for a <select>: each top-level category, then its sub-categories in an optgroup
 * named after it, so a screen reader says which family an option belongs to.
 */
export function categoryOptions(tree, selected) {
  const out = [];
  for (const top of tree) {
    out.push(h('option', { value: top.code, selected: top.code === selected, dataset: { icon: top.icon || '' } }, top.name));
    if (top.subcategories && top.subcategories.length) {
      out.push(h('optgroup', { label: top.name },
        top.subcategories.map((sub) => h('option', { value: sub.code, selected: sub.code === selected, dataset: { icon: sub.icon || '' } }, sub.name))));
    }
  }
  return out;
}
