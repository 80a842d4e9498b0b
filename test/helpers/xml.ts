import {SaxesParser} from 'saxes';

/**
 * The first well-formedness error a strict XML 1.0 parser finds, or undefined. Browsers
 * parse SVG as XML too and show nothing at all for an image with such an error.
 */
export function xmlError(text: string): string | undefined {
	const parser = new SaxesParser();
	let error: string | undefined;
	parser.on('error', problem => {
		error ??= problem.message;
	});
	try {
		parser.write(text).close();
	} catch (problem) {
		error ??= (problem as Error).message;
	}
	return error;
}
