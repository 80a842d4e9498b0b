import type {Fetched} from '../badges/types.ts';
import {HubError} from '../hub/errors.ts';

/** A HubError becomes data for the badges to show; anything else (bad credentials, a bug) still stops the build. */
export async function settle<T>(promise: Promise<T>): Promise<Fetched<T>> {
	try {
		return {ok: true, value: await promise};
	} catch (error) {
		if (error instanceof HubError) {
			return {ok: false, error};
		}
		throw error;
	}
}
