/**
 * `_headers` for Netlify and Cloudflare Pages, the hosts that read one. Badges may be
 * an hour old at the edge and served stale for a day while the CDN refreshes them,
 * so a scheduled build every few hours keeps them current without hammering the origin.
 */
export function renderHeaders(): string {
	return [
		'/badges/*',
		'  Cache-Control: public, max-age=3600, stale-while-revalidate=86400',
		'  Access-Control-Allow-Origin: *',
		'/badges/*.svg',
		'  Content-Type: image/svg+xml',
		'/badges.json',
		'  Cache-Control: public, max-age=300',
		'  Access-Control-Allow-Origin: *',
		'',
	].join('\n');
}
