import {withoutUnsafeCharacters} from '../text/untrusted.ts';

const placeholder = '[redacted]';
// A base64 fragment this short could be anything; blanking it out would garble ordinary text.
const minEncodedLength = 8;

/**
 * Scrubs secrets from text: the token from the environment and every JWT Docker Hub
 * issued during the build, in each form a server might echo them in (as sent,
 * percent-encoded, JSON-escaped, base64 or base64url, on its own or inside a longer
 * encoded value such as `Basic base64(user:secret)` or `base64("Bearer <jwt>")`).
 */
export class Redactor {
	readonly #forms = new Set<string>();
	/** Longest first, so a secret's encoded form is not left half-replaced by a shorter one inside it. */
	#longestFirst: string[] | undefined;

	/** From now on, `redact` removes this secret. */
	add(secret: string): void {
		if (secret === '') {
			return;
		}
		for (const form of formsOf(secret)) {
			this.#forms.add(form);
		}
		this.#longestFirst = undefined;
	}

	/**
	 * Unsafe characters go first: a server could split a secret with one, and the
	 * output's cleaning, which drops them, would join it together again. Text that was
	 * redacted before keeps its placeholders as they are, however short the secret.
	 */
	redact(text: string): string {
		if (this.#forms.size === 0) {
			return text;
		}
		this.#longestFirst ??= [...this.#forms].sort((a, b) => b.length - a.length);
		const clean = withoutUnsafeCharacters(text);
		// Full-width and other compatibility forms read as the secret to a person: where their
		// plain form holds one, the plain form is what is kept. Other text keeps its characters.
		const plain = clean.normalize('NFKC');
		const scrubbed = this.#scrub(clean);
		if (plain === clean) {
			return scrubbed;
		}
		const scrubbedPlain = this.#scrub(plain);
		return scrubbedPlain === plain ? scrubbed : scrubbedPlain;
	}

	#scrub(text: string): string {
		return text
			.split(placeholder)
			.map(piece => scrub(piece, this.#longestFirst!, 0))
			.join(placeholder);
	}
}

/**
 * Replaces every form, from `from` on, with the placeholder. Plain string splits, not one
 * regular expression of every form: a hostile login answer with a huge token would make
 * that expression too large to compile, and the error would quote every secret in it.
 */
function scrub(text: string, forms: readonly string[], from: number): string {
	for (let index = from; index < forms.length; index++) {
		const form = forms[index]!;
		if (text.includes(form)) {
			return text
				.split(form)
				.map(piece => scrub(piece, forms, index + 1))
				.join(placeholder);
		}
	}
	return text;
}

function formsOf(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	const escaped = [
		secret,
		json,
		// PHP escapes slashes; Python's json.dumps escapes everything outside ASCII.
		json.replaceAll('/', '\\/'),
		json.replaceAll(/[^\u0000-\u007f]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
	];
	// A JSON body echoed in a URL is percent-encoded after its escaping.
	const texts = new Set(escaped.flatMap(text => [text, ...percentEncodings(text)]));
	// A request body or header echoed in base64 or hex holds the secret in one of the text forms above.
	const encoded = [...texts].flatMap(text => {
		const bytes = Buffer.from(text);
		const hex = bytes.toString('hex');
		return [bytes.toString('base64'), bytes.toString('base64url'), ...base64Cores(text), hex, hex.toUpperCase()];
	});
	return [secret, ...[...texts, ...encoded].filter(form => form.length >= minEncodedLength)];
}

function percentEncodings(text: string): string[] {
	const percent = encodeURIComponent(text);
	return [percent, percent.replaceAll(/%[0-9A-F]{2}/g, escape => escape.toLowerCase()), percent.replaceAll('%20', '+')];
}

/**
 * The base64 and base64url characters that encode the text's bytes and nothing else, for
 * each of the three positions it can start at inside a longer encoded value. Characters
 * shared with the bytes around it differ from one value to the next, so they are left out.
 */
function base64Cores(text: string): string[] {
	const bytes = Buffer.from(text);
	const cores: string[] = [];
	for (const offset of [0, 1, 2]) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
		const endsMidGroup = (offset + bytes.length) % 3 !== 0;
		const core = encoded.slice(Math.ceil((offset * 8) / 6), endsMidGroup ? -1 : undefined);
		cores.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
	}
	return cores;
}
