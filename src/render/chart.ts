import {pathRound} from 'd3-path';
import {scaleLinear, scaleUtc, type ScaleLinear} from 'd3-scale';
import {line} from 'd3-shape';
import {utcMonth, utcYear} from 'd3-time';
import {utcFormat} from 'd3-time-format';
import type {ChartData, ChartRange} from '../badges/chart.ts';
import {metric} from '../badges/metric.ts';
import {withoutUnsafeCharacters} from '../text/untrusted.ts';

export const chartSize = {width: 640, height: 300} as const;
const plot = {left: 52, right: 580, top: 62, bottom: 272} as const;

// Colors of the index page (GitHub's palette): readable on a README's white and its dark theme.
// One rule per class keeps the file small; the dark rules only swap colors.
const style = [
	'text{font:11px system-ui,-apple-system,"Segoe UI",sans-serif;fill:#59636e}',
	'.t{font-size:16px;font-weight:600;fill:#1f2328}',
	'.bg{fill:#fff}',
	'.g{stroke:#d1d9e0;shape-rendering:crispEdges}',
	'.b{fill:#bf8700;fill-opacity:.5}',
	'.l{fill:none;stroke:#066da5;stroke-width:2;stroke-linejoin:round}',
	'@media (prefers-color-scheme:dark){.bg{fill:#0d1117}text{fill:#9198a1}.t{fill:#e6edf3}.g{stroke:#3d444d}.b{fill:#d29922;fill-opacity:.6}.l{stroke:#58a6ff}}',
].join('');

const rangeWords: Record<ChartRange, string> = {'30d': 'last 30 days', '90d': 'last 90 days', '1y': 'last year', all: 'since the first build'};

export type ChartView = {
	/** The image (`nginx`, `acme/app`) or group the chart is of. */
	name: string;
	/** What is counted, e.g. `docker pulls`. */
	label: string;
	range: ChartRange;
	data: ChartData;
};

/** The chart's title, as its `<title>` and the page's alt text say it. */
export function chartTitle({name, label, range}: Omit<ChartView, 'data'>): string {
	return `${name}: ${label}, ${rangeWords[range]}`;
}

/**
 * The chart as a static SVG (no script, no external reference): the total as a line on
 * the right axis, the pulls a day as bars on the left one, dates below. Under 12 KB
 * whatever the history: chartData gives at most 120 buckets, and coordinates keep one decimal.
 */
export function renderChart(view: ChartView): string {
	const {name, label, range, data} = view;
	const title = chartTitle(view);
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${chartSize.width}" height="${chartSize.height}" viewBox="0 0 ${chartSize.width} ${chartSize.height}" role="img" aria-label="${xml(title)}">`,
		`<title>${xml(title)}</title>`,
		`<style>${style}</style>`,
		`<rect class="bg" width="100%" height="100%" rx="6"/>`,
		`<text class="t" x="${plot.left}" y="24">${xml(name)}</text>`,
		`<text x="${plot.left}" y="44">${xml(`${label}, ${rangeWords[range]}`)}</text>`,
	];
	const last = data.line.at(-1);
	if (!last) {
		parts.push(
			`<line class="g" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/>`,
			`<text x="${(plot.left + plot.right) / 2}" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle">collecting data: the chart fills in as builds run</text>`,
			'</svg>',
		);
		return parts.join('');
	}

	const x = scaleUtc().domain([data.from * 1000, data.to * 1000]).range([plot.left, plot.right]);
	const perDay = scaleLinear().domain([0, Math.max(1, ...data.bars.map(bar => bar.perDay))]).range([plot.bottom, plot.top]).nice(4);
	const totals = data.line.map(point => point.total);
	const [low, high] = [Math.min(...totals), Math.max(...totals)];
	// A flat total still gets an axis: a band around it, not a zero-height domain.
	const total = scaleLinear().domain(low === high ? [Math.max(0, low - 1), high + 1] : [low, high]).range([plot.bottom, plot.top]).nice(4);

	const grid: string[] = [];
	const labels: string[] = [];
	for (const [tick, text] of countTicks(perDay)) {
		grid.push(`M${plot.left},${round(perDay(tick))}H${plot.right}`);
		labels.push(`<text x="${plot.left - 6}" y="${round(perDay(tick) + 4)}" text-anchor="end">${text}</text>`);
	}
	for (const [tick, text] of countTicks(total)) {
		labels.push(`<text x="${plot.right + 6}" y="${round(total(tick) + 4)}">${text}</text>`);
	}
	for (const tick of x.ticks(6)) {
		grid.push(`M${round(x(tick))},${plot.bottom}v4`);
		labels.push(`<text x="${round(x(tick))}" y="${plot.bottom + 16}" text-anchor="middle">${dateLabel(tick)}</text>`);
	}

	const bars = pathRound(1);
	for (const bar of data.bars) {
		const [left, right] = [x(bar.start * 1000), x(bar.end * 1000)];
		// A hairline between neighbours, and none when bars are a pixel wide.
		const gap = Math.min(1, (right - left) / 4);
		if (bar.perDay > 0) bars.rect(left + gap / 2, perDay(bar.perDay), right - left - gap, perDay(0) - perDay(bar.perDay));
	}
	const totalLine = line<{time: number; total: number}>()
		.x(point => x(point.time * 1000))
		.y(point => total(point.total))
		.digits(1)(data.line);
	const today = data.bars.at(-1)?.perDay ?? 0;

	parts.push(
		legend(`total ${metric(last.total)}`, `${metric(today)} a day`),
		`<path class="g" d="${grid.join('')}"/>`,
		`<path class="b" d="${bars.toString()}"/>`,
		`<path class="l" d="${totalLine ?? ''}"/>`,
		...labels,
		'</svg>',
	);
	return parts.join('');
}

/** What the line and the bars are, with the latest of each, at the top right. */
function legend(totalText: string, perDayText: string): string {
	const y = 44;
	const right = plot.right;
	return [
		`<path class="l" d="M${right - 196},${y - 4}h16"/>`,
		`<text x="${right - 176}" y="${y}">${totalText}</text>`,
		`<rect class="b" x="${right - 84}" y="${y - 9}" width="10" height="10"/>`,
		`<text x="${right - 70}" y="${y}">${perDayText}</text>`,
	].join('');
}

/** A count axis's whole-number ticks, labelled in shields' metric format; finer where that would repeat a label (1M, 1M, 1M). */
function countTicks(scale: ScaleLinear<number, number>): Array<[number, string]> {
	const ticks = scale.ticks(4).filter(tick => Number.isInteger(tick));
	const labels = ticks.map(tick => metric(tick));
	if (new Set(labels).size === labels.length) return ticks.map((tick, index) => [tick, labels[index]!]);
	const precise = scale.tickFormat(4, '~s');
	return ticks.map(tick => [tick, precise(tick)]);
}

const dayOfMonth = utcFormat('%b %-d');
const monthName = utcFormat('%b');
const yearNumber = utcFormat('%Y');

/** `Nov 3` for a day, `Dec` for the first of a month, `2026` for the first of a year. */
function dateLabel(date: Date): string {
	if (utcMonth.floor(date) < date) return dayOfMonth(date);
	return utcYear.floor(date) < date ? monthName(date) : yearNumber(date);
}

export type Sparkline = {
	/** The path of a `0 0 120 24` box. */
	d: string;
	/** What it shows, for screen readers. */
	label: string;
};

export const sparklineSize = {width: 120, height: 24} as const;

/** The pulls a day as a small line for the index page; undefined with fewer than two buckets to join. */
export function renderSparkline(data: ChartData, range: ChartRange): Sparkline | undefined {
	if (data.bars.length < 2) return undefined;
	const x = scaleUtc().domain([data.from * 1000, data.to * 1000]).range([1, sparklineSize.width - 1]);
	const y = scaleLinear().domain([0, Math.max(1, ...data.bars.map(bar => bar.perDay))]).range([sparklineSize.height - 2, 2]);
	const d = line<{start: number; end: number; perDay: number}>()
		.x(bar => x(((bar.start + bar.end) / 2) * 1000))
		.y(bar => y(bar.perDay))
		.digits(0)(data.bars);
	return {d: d ?? '', label: `${metric(data.bars.at(-1)!.perDay)} pulls a day; ${rangeWords[range]}`};
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}

const xmlEntities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'};

/** Text for XML content or a quoted attribute: no markup, and none of the characters XML 1.0 cannot hold. */
function xml(text: string): string {
	return withoutUnsafeCharacters(text).replace(/[&<>"']/g, character => xmlEntities[character]!);
}
