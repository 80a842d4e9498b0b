// Filter and copy buttons; the page works without this script, showing every URL as text.
document.documentElement.classList.remove('no-js');

const buttons = document.getElementById('copy-buttons').content;
for (const item of document.querySelectorAll('.card li')) item.append(buttons.cloneNode(true));

const cards = [...document.querySelectorAll('.card')];
const filter = document.getElementById('filter');
const shown = document.getElementById('shown');
const copied = document.getElementById('copied');

filter.addEventListener('input', () => {
	const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
	let visible = 0;
	for (const card of cards) {
		const match = words.every(word => card.dataset.name.includes(word));
		// Only touch cards that change, so a keystroke restyles a few cards, not thousands.
		if (card.hidden === match) card.hidden = !match;
		visible += match ? 1 : 0;
	}
	shown.textContent = words.length > 0 ? `${visible} of ${cards.length} images` : '';
});

const escape = text => text.replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]);

document.getElementById('images').addEventListener('click', async event => {
	const button = event.target.closest('button[data-copy]');
	if (!button) return;
	const item = button.closest('li');
	const url = new URL(item.querySelector('code').textContent, document.baseURI).href;
	const {label} = item.dataset;
	const {hub} = item.closest('.card').dataset;
	const snippets = {
		md: `[![${label}](${url})](${hub})`,
		html: `<a href="${escape(hub)}"><img src="${escape(url)}" alt="${escape(label)}"></a>`,
		url,
	};
	const snippet = snippets[button.dataset.copy];
	try {
		await navigator.clipboard.writeText(snippet);
	} catch {
		// Plain http, some iframes and a refused permission leave no clipboard: offer the snippet to copy by hand.
		window.prompt(`Copy the ${button.textContent}:`, snippet);
		return;
	}
	button.classList.add('copied');
	// Screen readers announce a live region; a changed button name often goes unsaid.
	copied.textContent = `${button.textContent} of ${label} copied`;
	setTimeout(() => {
		button.classList.remove('copied');
		copied.textContent = '';
	}, 1500);
});
