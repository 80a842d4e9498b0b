import type {ImageData} from '../badges/types.ts';
import type {Credentials, HubClient} from '../hub/client.ts';
import type {PlannedImage} from '../plan.ts';

/** An image outside Docker Hub, as planned: `registry` is its host (`ghcr.io`). */
export type RegistryImage = PlannedImage & {registry: string};

/** What an adapter may use to reach its registry. */
export type RegistryAccess = {
	/** The registry's host as badges.yml names it (`ghcr.io`), for messages. */
	host: string;
	/** The registry's origin: `https://<host>`, or `REGISTRY_URL_<HOST>`. */
	origin: string;
	/** The origin of the registry's own API beside the registry API (Quay's: `QUAY_API_URL`); undefined for others. */
	apiOrigin?: string | undefined;
	/** For `apiOrigin` only, as a bearer token (Quay's `QUAY_TOKEN`). */
	apiToken?: string | undefined;
	/** For `origin` only: an adapter never sends them to a token realm, a CDN or any other origin. */
	credentials: Credentials | undefined;
	/**
	 * The build's one client for an origin (the registry's, its token realm's, a blob
	 * redirect's), each with its own pool, pacing, retries and body limits; its requests
	 * are counted to this registry.
	 */
	client(origin: string): HubClient;
};

/** One registry's adapter, opened for a build: it may keep what it learns (a token realm) from one image to the next. */
export type OpenRegistry = {
	fetch(image: RegistryImage): Promise<ImageData>;
};

/**
 * A registry's fetching half: one image's data, in the shape every badge kind reads
 * (`ImageData`), so the badge modules never learn where it came from. A HubError it
 * throws becomes the image's failure (every badge keeps its last good value when the
 * error is transient); a failure of one tag belongs in the data, not in a throw.
 */
export type RegistryAdapter = {
	open(access: RegistryAccess): OpenRegistry;
	/** The requests an image costs at least, and whether it may cost more; for `npm run check`. */
	estimate(image: PlannedImage): {minimum: number; mayNeedMore: boolean};
	/** Requests the registry costs once per build, whatever its images (a version probe). */
	once: number;
};
