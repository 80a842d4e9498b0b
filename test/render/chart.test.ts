import {describe, expect, it} from 'vitest';
import {chartData, type ChartRange, type PullSeries} from '../../src/badges/chart.ts';
import {keptIndexes} from '../../src/history/history.ts';
import {renderChart, renderSparkline} from '../../src/render/chart.ts';
import {xmlError} from '../helpers/xml.ts';

const day = 86_400;
const now = Date.UTC(2026, 10, 30, 12) / 1000;
const budget = 12 * 1024;

/**
 * `years` of 6-hourly builds, thinned as the history keeps them (every build for 14 days,
 * one a day for two years, one a week before), of a popular image whose pulls a day swing:
 * seven-digit totals and uneven bars, the most bytes a chart's numbers take.
 */
function realisticTotals(years: number): PullSeries {
	const times: number[] = [];
	const totals: number[] = [];
	let total = 123_456_789;
	let seed = 7;
	const random = () => {
		seed = (seed * 48_271) % 2_147_483_647;
		return seed / 2_147_483_647;
	};
	for (let time = now - years * 365 * day; time < now; time += day / 4) {
		times.push(time);
		totals.push(total);
		total += Math.round(60_000 + 40_000 * Math.sin(time / day / 5) + 30_000 * random());
	}
	const kept = keptIndexes(times, now);
	return {times: kept.map(index => times[index]!), values: kept.map(index => totals[index]!), current: total, now};
}

/** The texts of a chart's `<text>` elements at x, in order. */
function textsAt(svg: string, x: number): string[] {
	return [...svg.matchAll(/<text x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].filter(match => Number(match[1]) === x).map(match => match[2]!);
}

const steady: PullSeries = {times: [0, 1, 2].map(days => now - (3 - days) * day), values: [1_000_000, 1_004_000, 1_008_000], current: 1_012_000, now};

describe('renderChart', () => {
	it.each(['30d', '90d', '1y', 'all'] as const)('stays under 12 KB over three years of a busy image’s history: %s', range => {
		const svg = renderChart({name: 'grafana/grafana', label: 'docker pulls', range, data: chartData(realisticTotals(3), range)});
		expect(Buffer.byteLength(svg)).toBeLessThan(budget);
		expect(xmlError(svg)).toBeUndefined();
	});

	it('stays under 12 KB near the most bars a chart draws (117 weeks of `all`)', () => {
		const data = chartData(realisticTotals((117 * 7) / 365), 'all');
		expect(data.bars.length).toBeGreaterThan(112);
		const svg = renderChart({name: 'a'.repeat(255), label: 'd'.repeat(100), range: 'all', data});
		expect(Buffer.byteLength(svg)).toBeLessThan(budget);
	});

	it('is well-formed static SVG that names the image in its title and its heading, themed for light and dark', () => {
		const svg = renderChart({name: 'nginx', label: 'docker pulls', range: '30d', data: chartData(steady, '30d')});
		expect(xmlError(svg)).toBeUndefined();
		expect(svg).toContain('<title>nginx: docker pulls, last 30 days</title>');
		expect(svg).toContain('<text class="t" x="52" y="24">nginx</text>');
		expect(svg).toMatch(/<style>[^<]*@media \(prefers-color-scheme:dark\)\{[^<]*\.l\{stroke:#58a6ff\}\}<\/style>/);
		expect(svg).not.toMatch(/<script|\shref=|\son\w+=|url\(/i);
	});

	it('labels its axes: pulls a day and totals in shields’ metric format, never one label twice, and dates', () => {
		const svg = renderChart({name: 'nginx', label: 'docker pulls', range: '30d', data: chartData(steady, '30d')});
		expect(textsAt(svg, 46)).toEqual(['0', '1k', '2k', '3k', '4k']);
		// 1M, 1M, 1M would say nothing: the totals' axis is finer.
		const totals = textsAt(svg, 586);
		expect(totals.length).toBeGreaterThanOrEqual(3);
		expect(new Set(totals).size).toBe(totals.length);
		expect(totals[0]).toBe('1M');
		expect(textsAt(svg, 52).slice(2)).toEqual([]);
		expect(svg).toMatch(/>Nov \d+<\/text>/);
		expect(svg).toContain('>total 1M</text>');
		expect(svg).toContain('>4k a day</text>');
	});

	it('escapes whatever the name and label hold, and drops what XML cannot hold', () => {
		const svg = renderChart({name: 'evil</text><script>alert(1)</script>&', label: 'x" onload="alert(2)\u0007\u202e', range: '90d', data: chartData(steady, '90d')});
		expect(xmlError(svg)).toBeUndefined();
		expect(svg).not.toContain('<script');
		expect(svg).toContain('evil&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
		expect(svg).toContain('x&quot; onload=&quot;alert(2), last 90 days');
	});

	it.each<[string, PullSeries, ChartRange]>([
		['a first build', {times: [], values: [], current: 5, now}, '90d'],
		['a build whose fetch failed after one point', {times: [now - day], values: [5], current: undefined, now}, '30d'],
	])('says it is collecting data after %s, a chart all the same', (_, totals, range) => {
		const svg = renderChart({name: 'nginx', label: 'docker pulls', range, data: chartData(totals, range)});
		expect(xmlError(svg)).toBeUndefined();
		expect(svg).toContain('collecting data');
		expect(svg).toContain('<title>nginx: docker pulls');
	});
});

describe('renderSparkline', () => {
	it('joins the pulls a day in a 120 × 24 box, and says the latest', () => {
		const sparkline = renderSparkline(chartData(steady, '90d', 30), '90d')!;
		expect(sparkline.d).toMatch(/^M\d+,\d+(L\d+,\d+)+$/);
		expect(sparkline.label).toBe('4k pulls a day; last 90 days');
	});

	it('is left out with fewer than two buckets to join', () => {
		expect(renderSparkline(chartData({times: [now - 3600], values: [1], current: 2, now}, '90d', 30), '90d')).toBeUndefined();
	});

	it('takes about 200 bytes over a busy month, a point a day', () => {
		const sparkline = renderSparkline(chartData(realisticTotals(1), '30d', 32), '30d')!;
		expect(sparkline.d.length).toBeLessThan(260);
	});
});
