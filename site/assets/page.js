// @ts-check
// The page's script: copy buttons, the format chooser and the filter over every image of
// the site (index.json). The pages work without it: every badge URL is shown as text,
// and the list of pages reaches every image.
import {isEmpty, matches, parseQuery, searchTextOf} from './search.js';
import {formats, snippetOf, styles} from './snippets.js';

/** @typedef {import('./search.js').IndexImage} IndexImage */
/** @typedef {keyof typeof formats} Format */

/** Filtered results are drawn this many at a time: the DOM stays small, however many match. */
const shownAtOnce = 50;

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const filter = /** @type {HTMLInputElement} */ (byId('filter'));
const formatChooser = /** @type {HTMLSelectElement} */ (byId('format'));
const styleChooser = /** @type {HTMLSelectElement} */ (byId('style'));
const results = byId('results');
const pageImages = byId('page-images');
const shown = byId('shown');
const copied = byId('copied');
const pagesNav = document.querySelector('nav.pages');

document.documentElement.classList.remove('no-js');
byId('toolbar').hidden = false;
// Links only now: without the script a filter link would do nothing.
for (const count of document.querySelectorAll('.count')) {
	const link = document.createElement('a');
	link.href = `?q=${encodeURIComponent(/** @type {HTMLElement} */ (count).dataset.q ?? '')}`;
	link.className = 'count';
	link.dataset.q = /** @type {HTMLElement} */ (count).dataset.q;
	link.textContent = count.textContent;
	count.replaceWith(link);
}

// --- Format and style, remembered across visits.
const remembered = (/** @type {string} */ key) => {
	try {
		return localStorage.getItem(key);
	} catch {
		return null;
	}
};
const remember = (/** @type {string} */ key, /** @type {string} */ value) => {
	try {
		localStorage.setItem(key, value);
	} catch {
		// Storage refused (private mode, a full quota): the choice lasts this visit only.
	}
};
for (const [value, name] of Object.entries(formats)) formatChooser.add(new Option(name, value));
for (const style of styles) styleChooser.add(new Option(style, style));
formatChooser.value = remembered('badges.format') ?? 'markdown';
if (formatChooser.selectedIndex < 0) formatChooser.value = 'markdown';
styleChooser.value = remembered('badges.style') ?? 'flat';
if (styleChooser.selectedIndex < 0) styleChooser.value = 'flat';
const format = () => /** @type {Format} */ (formatChooser.value);
const formatName = () => formats[format()];

function showStyleChooser() {
	// Only the shields.io endpoint URL carries a style; the others link the SVGs as built.
	styleChooser.disabled = format() !== 'endpoint';
}
formatChooser.addEventListener('change', () => {
	remember('badges.format', formatChooser.value);
	showStyleChooser();
	for (const button of document.querySelectorAll('button[data-copy]')) labelButton(/** @type {HTMLButtonElement} */ (button));
});
styleChooser.addEventListener('change', () => remember('badges.style', styleChooser.value));
showStyleChooser();

// --- Copy buttons.
/** @param {HTMLButtonElement} button */
function labelButton(button) {
	const card = /** @type {HTMLElement} */ (button.closest('.card'));
	const item = button.closest('li');
	if (item) {
		button.textContent = `Copy ${formatName()}`;
		button.setAttribute('aria-label', `Copy ${formatName()} of ${item.dataset.name} for ${card.dataset.name}`);
	} else {
		button.textContent = `Copy all as ${formatName()}`;
		// The accessible name starts with the visible text, so speech input can say what it sees.
		button.setAttribute('aria-label', `Copy all as ${formatName()}: ${card.querySelectorAll('li').length} badges of ${card.dataset.name}`);
	}
}

/** @param {'all' | 'one'} what */
function copyButton(what) {
	const button = document.createElement('button');
	button.type = 'button';
	button.dataset.copy = what;
	return button;
}

/** @param {HTMLElement} card */
function addCopyButtons(card) {
	const all = copyButton('all');
	card.querySelector('h2')?.after(all);
	labelButton(all);
	for (const item of card.querySelectorAll('li')) {
		const one = copyButton('one');
		item.append(one);
		labelButton(one);
	}
}

function urlPrefix() {
	return document.body.dataset.baseUrl ? `${document.body.dataset.baseUrl}/` : new URL('.', document.baseURI).href;
}

/** @param {HTMLElement} card @param {HTMLElement[]} items */
function snippetFor(card, items) {
	const prefix = `${urlPrefix()}badges/${card.dataset.id}/`;
	const badges = items.map(item => ({
		url: `${prefix}${item.dataset.file}.svg`,
		jsonUrl: `${prefix}${item.dataset.file}.json`,
		alt: item.dataset.name ?? '',
		name: `${card.dataset.name} ${item.dataset.name}`,
	}));
	// A group has no Docker Hub page: its snippets link to its card on the site.
	const link = card.dataset.hub ?? new URL(`${card.dataset.page}#${card.dataset.id}`, urlPrefix()).href;
	return snippetOf(format(), badges, {link, style: styleChooser.value});
}

document.querySelector('main')?.addEventListener('click', async event => {
	const button = /** @type {HTMLElement} */ (event.target).closest('button[data-copy]');
	if (!(button instanceof HTMLButtonElement)) return;
	const card = /** @type {HTMLElement} */ (button.closest('.card'));
	const item = button.closest('li');
	const items = item ? [item] : [...card.querySelectorAll('li')];
	const snippet = snippetFor(card, items);
	const what = item ? `${formatName()} of ${item.dataset.name} for ${card.dataset.name}` : `all ${items.length} badges of ${card.dataset.name} as ${formatName()}`;
	try {
		await navigator.clipboard.writeText(snippet);
	} catch {
		// Plain http, some iframes and a refused permission leave no clipboard: offer the snippet to copy by hand.
		window.prompt(`Copy ${what}:`, snippet);
		return;
	}
	button.classList.add('copied');
	// Screen readers announce a live region; a changed button name often goes unsaid.
	copied.textContent = `Copied ${what}`;
	setTimeout(() => {
		button.classList.remove('copied');
		copied.textContent = '';
	}, 1500);
});

for (const card of pageImages.querySelectorAll('.card')) addCopyButtons(/** @type {HTMLElement} */ (card));

// --- The filter, over every image of the site.
/** @type {Promise<{images: IndexImage[], texts: string[]}> | undefined} */
let index;
function loadIndex() {
	index ??= fetch('index.json')
		.then(async response => {
			if (!response.ok) throw new Error(`index.json: HTTP ${response.status}`);
			return /** @type {{images: IndexImage[]}} */ (await response.json());
		})
		.then(({images}) => ({images, texts: images.map(searchTextOf)}));
	return index;
}

/** @param {string} tag @param {string} [className] @param {string} [text] */
function element(tag, className, text) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

/** @param {HTMLElement} parent @param {{text: string, code: boolean}[]} segments */
function appendSegments(parent, segments) {
	for (const segment of segments) parent.append(segment.code ? element('code', undefined, segment.text) : segment.text);
}

/** The card the pages show for an image, drawn from the index; text goes in as text, never markup. */
function cardOf(/** @type {IndexImage} */ image) {
	const card = element('article', 'card');
	Object.assign(card.dataset, {id: image.id, name: image.name, page: image.page, ...(image.hub ? {hub: image.hub} : {})});
	const heading = element('h2');
	const self = /** @type {HTMLAnchorElement} */ (element('a', undefined, image.name));
	self.href = `${image.page}#${image.id}`;
	if (image.hub) {
		const hub = /** @type {HTMLAnchorElement} */ (element('a', 'hub', image.hubName ?? 'Docker Hub'));
		hub.href = image.hub;
		heading.append(self, ' ', hub);
	} else {
		heading.append(self, ' ', element('span', 'tag', 'group'));
	}
	card.append(heading);
	if (image.description) card.append(element('p', 'desc', image.description));
	for (const note of image.notes ?? []) {
		const paragraph = element('p', 'note stale-note');
		paragraph.append(Object.assign(element('span', undefined, '⚠ '), {ariaHidden: 'true'}));
		appendSegments(paragraph, note);
		card.append(paragraph);
	}
	const list = element('ul');
	for (const [file, , name, message, width, height, state, note] of image.badges) {
		const item = element('li', state);
		Object.assign(item.dataset, {file, name});
		const img = /** @type {HTMLImageElement} */ (element('img'));
		// Lazy before the source is set: otherwise every image of the results starts loading at once.
		Object.assign(img, {loading: 'lazy', alt: `${name}: ${message}`, width, height});
		img.src = `badges/${image.id}/${file}.svg`;
		item.append(img);
		if (state === 'error') {
			const tag = element('strong', 'error-tag');
			tag.append(Object.assign(element('span', undefined, '✖ '), {ariaHidden: 'true'}), 'Error');
			item.append(tag);
		}
		if (note) {
			const small = element('small');
			appendSegments(small, note);
			item.append(small);
		}
		item.append(element('code', 'url', `${document.body.dataset.baseUrl ? `${document.body.dataset.baseUrl}/` : ''}badges/${image.id}/${file}.svg`));
		list.append(item);
	}
	card.append(list);
	addCopyButtons(card);
	return card;
}

let searchRun = 0;
async function applyFilter() {
	const text = filter.value;
	const url = new URL(location.href);
	if (text.trim()) url.searchParams.set('q', text);
	else url.searchParams.delete('q');
	history.replaceState(null, '', url);
	const query = parseQuery(text);
	if (isEmpty(query)) {
		results.hidden = true;
		results.replaceChildren();
		pageImages.hidden = false;
		if (pagesNav) /** @type {HTMLElement} */ (pagesNav).hidden = false;
		shown.textContent = '';
		return;
	}
	const run = ++searchRun;
	let loaded;
	try {
		loaded = await loadIndex();
	} catch (error) {
		index = undefined;
		shown.textContent = `The search cannot reach the list of images (${error instanceof Error ? error.message : String(error)}); the pages below still list them all.`;
		return;
	}
	const {images, texts} = loaded;
	// A later keystroke has started its own search: this one's answer is already out of date.
	if (run !== searchRun) return;
	/** @type {IndexImage[]} */
	const found = [];
	for (const [position, image] of images.entries()) {
		if (matches(image, /** @type {string} */ (texts[position]), query)) found.push(image);
	}
	pageImages.hidden = true;
	if (pagesNav) /** @type {HTMLElement} */ (pagesNav).hidden = true;
	results.hidden = false;
	if (found.length === 0) {
		const none = element('p', 'no-match', `No image matches “${text.trim()}”. `);
		const clear = element('button', 'clear', 'Clear the filter');
		clear.addEventListener('click', () => {
			filter.value = '';
			void applyFilter();
			filter.focus();
		});
		none.append(clear);
		results.replaceChildren(none);
		shown.textContent = `No image matches “${text.trim()}”`;
		return;
	}
	results.replaceChildren();
	showMore(found, 0);
	shown.textContent = `${found.length} of ${images.length} ${images.some(image => image.group) ? 'images and groups' : 'images'} match`;
}

/** @param {IndexImage[]} found @param {number} from */
function showMore(found, from) {
	results.querySelector('.more')?.remove();
	const cards = found.slice(from, from + shownAtOnce).map(cardOf);
	results.append(...cards);
	if (from + shownAtOnce < found.length) {
		const more = element('button', 'more', `Show ${Math.min(shownAtOnce, found.length - from - shownAtOnce)} more of ${found.length - from - shownAtOnce}`);
		more.addEventListener('click', () => {
			showMore(found, from + shownAtOnce);
			cards.at(-1)?.nextElementSibling?.querySelector('a')?.focus();
		});
		results.append(more);
	}
}

filter.addEventListener('input', () => void applyFilter());
document.addEventListener('click', event => {
	const link = /** @type {HTMLElement} */ (event.target).closest('a.count');
	if (!(link instanceof HTMLAnchorElement)) return;
	event.preventDefault();
	filter.value = link.dataset.q ?? '';
	void applyFilter();
	filter.focus();
});
document.addEventListener('keydown', event => {
	const target = /** @type {HTMLElement} */ (event.target);
	if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || target.closest('input, select, textarea')) return;
	event.preventDefault();
	filter.focus();
	filter.select();
});

const initial = new URLSearchParams(location.search).get('q');
if (initial) {
	filter.value = initial;
	void applyFilter();
}
