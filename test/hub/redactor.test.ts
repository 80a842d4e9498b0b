import {describe, expect, it} from 'vitest';
import {Redactor} from '../../src/hub/redactor.ts';

const secret = 'dckr_pat_s3cr3t/+"ü x';
const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIiwianRpIjoiMSJ9.c2lnbmF0dXJl';
const olderJwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIiwianRpIjoiMCJ9.b2xkZXI';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

function redactor(): Redactor {
	const redactor = new Redactor();
	redactor.add(secret);
	redactor.add(olderJwt);
	redactor.add(jwt);
	return redactor;
}

describe('Redactor', () => {
	it.each([
		{form: 'as sent', text: `bad secret ${secret}!`},
		{form: 'percent-encoded', text: `body=${encodeURIComponent(secret)}&x=1`},
		{form: 'percent-encoded, lowercase hex', text: encodeURIComponent(secret).replaceAll(/%[0-9A-F]{2}/g, escape => escape.toLowerCase())},
		{form: 'form-encoded', text: encodeURIComponent(secret).replaceAll('%20', '+')},
		{form: 'JSON-escaped', text: JSON.stringify({secret})},
		{form: 'JSON-escaped with \\/', text: JSON.stringify({secret}).replaceAll('/', '\\/')},
		{form: 'JSON-escaped, ASCII only', text: JSON.stringify({secret}).replace('ü', '\\u00fc')},
		{form: 'base64', text: b64(secret)},
		{form: 'base64url', text: b64url(secret)},
		{form: 'base64 of user:secret (HTTP Basic)', text: `Basic ${b64(`demo:${secret}`)}`},
		{form: 'base64 at the other offset', text: b64(`de:${secret}`)},
		{form: 'base64 of the login body', text: b64(JSON.stringify({identifier: 'demo', secret}))},
		{form: 'the login body percent-encoded', text: encodeURIComponent(JSON.stringify({identifier: 'demo', secret}))},
		{form: 'base64url inside a longer value', text: b64url(`xx${secret}yy`)},
	])('removes the secret $form', ({text}) => {
		const redacted = redactor().redact(text);
		expect(redacted).toContain('[redacted]');
		expect(redacted).not.toContain(secret);
		// Whatever is left decodes to no part of the secret's middle.
		for (const piece of redacted.split('[redacted]')) {
			for (const decoded of [piece, Buffer.from(piece, 'base64').toString(), decodeURIComponent(piece.replaceAll('+', ' '))]) {
				expect(decoded).not.toContain('s3cr3t');
			}
		}
	});

	it.each([
		{form: 'the Authorization header', text: `Authorization: Bearer ${jwt}`, gone: jwt},
		{form: 'an older JWT of the build', text: `token ${olderJwt} is revoked`, gone: olderJwt},
		{form: 'base64 of the Authorization header', text: b64(`Bearer ${jwt}`), gone: b64(`Bearer ${jwt}`).slice(12, 80)},
		{form: 'JWT percent-encoded in a query', text: `?token=${encodeURIComponent(jwt)}`, gone: jwt},
	])('removes $form', ({text, gone}) => {
		expect(redactor().redact(text)).not.toContain(gone);
	});

	it.each([
		{form: 'split by a zero-width space', text: `x ${secret.slice(0, 6)}\u200b${secret.slice(6)} y`},
		{form: 'split by a soft hyphen', text: `x ${secret.slice(0, 6)}\u00ad${secret.slice(6)} y`},
		{form: 'split by a word joiner', text: `x ${secret.slice(0, 6)}\u2060${secret.slice(6)} y`},
		{form: 'split by zero-width joiners', text: `x ${secret.slice(0, 6)}\u200d\u200b\u200d${secret.slice(6)} y`},
		{form: 'in full-width characters', text: `x ${[...secret].map(character => (character > ' ' && character < '\u007f' ? String.fromCharCode(character.charCodeAt(0) + 0xfee0) : character)).join('')} y`},
		{form: 'hex-encoded', text: `0x${Buffer.from(secret).toString('hex')}`},
		{form: 'hex-encoded, uppercase', text: Buffer.from(secret).toString('hex').toUpperCase()},
	])('removes the secret $form', ({text}) => {
		expect(redactor().redact(text)).toBe(text.startsWith('x ') ? 'x [redacted] y' : text.startsWith('0x') ? '0x[redacted]' : '[redacted]');
	});

	it('redacts a token of any length without building one huge regular expression', () => {
		const huge = new Redactor();
		huge.add(secret);
		const token = 'A'.repeat(64 * 1024);
		huge.add(token);
		expect(huge.redact(`${token} and ${secret}`)).toBe('[redacted] and [redacted]');
	});

	it('leaves its own placeholders alone, however short the secret, so redacting twice changes nothing', () => {
		const short = new Redactor();
		short.add('a');
		const once = short.redact('a cat');
		expect(once).toBe('[redacted] c[redacted]t');
		expect(short.redact(once)).toBe(once);
	});

	it('leaves other text alone, full-width characters and ligatures included', () => {
		expect(redactor().redact('ｆｕｌｌ ｗｉｄｔｈ ﬁne')).toBe('ｆｕｌｌ ｗｉｄｔｈ ﬁne');
		const text = 'Docker Hub answered 404 (object not found): library/nginx, tag 1.27.3';
		expect(redactor().redact(text)).toBe(text);
		expect(new Redactor().redact(text)).toBe(text);
	});

	it('ignores an empty secret', () => {
		const empty = new Redactor();
		empty.add('');
		expect(empty.redact('abc')).toBe('abc');
	});
});
