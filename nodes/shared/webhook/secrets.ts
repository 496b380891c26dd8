/**
 * How strong the webhook credential's secrets must be. The app secret is what makes a
 * delivery's signature mean anything (whoever knows it can forge deliveries), the verify
 * token is what makes Meta's handshake mean anything. Both are refused, with a reason that
 * never repeats the secret, when they are blank in all but name or trivially guessable.
 */

/** Meta shows an app's secret as 32 hexadecimal digits (App Dashboard > App Settings > Basic). */
export const META_APP_SECRET_PATTERN = /^[0-9a-f]{32}$/i;

export const MIN_APP_SECRET_LENGTH = 16;
export const MIN_VERIFY_TOKEN_LENGTH = 12;
const MIN_DISTINCT_CHARACTERS = 6;

/** Printable ASCII without spaces: what survives a query string and a copy-paste unchanged. */
const PLAIN_PRINTABLE = /^[\x21-\x7e]+$/;

function distinct(text: string): number {
	return new Set(text).size;
}

function weakness(value: string, what: string, minLength: number): string | undefined {
	if (value.trim() === '') return `the ${what} is empty`;
	if (!PLAIN_PRINTABLE.test(value))
		return `the ${what} has spaces, control or non-ASCII characters`;
	if (value.length < minLength)
		return `the ${what} is ${value.length} characters long; at least ${minLength} are needed`;
	if (distinct(value) < MIN_DISTINCT_CHARACTERS)
		return `the ${what} uses only ${distinct(value)} different characters`;
	return undefined;
}

/**
 * Why an app secret cannot be trusted to sign deliveries, or undefined when it can.
 * `strict` (the credential test) also requires Meta's own format, 32 hex digits, to catch a
 * wrong value pasted; at delivery time only guessable secrets are refused.
 */
export function appSecretProblem(
	secret: string,
	options: { strict?: boolean } = {},
): string | undefined {
	const weak = weakness(secret, 'app secret', MIN_APP_SECRET_LENGTH);
	if (weak) return weak;
	if (options.strict && !META_APP_SECRET_PATTERN.test(secret)) {
		return 'the app secret is not 32 hexadecimal digits, the form Meta shows in App Dashboard > App Settings > Basic';
	}
	return undefined;
}

/** Why a verify token is too easy to guess, or undefined when it is not. */
export function verifyTokenProblem(token: string): string | undefined {
	return weakness(token, 'verify token', MIN_VERIFY_TOKEN_LENGTH);
}

/**
 * Meta's `hub.challenge` is a number; anything echoed back must at least be a plain token, so
 * that the answer can never be read as markup or script whatever the client makes of it.
 */
export const PLAIN_CHALLENGE = /^[A-Za-z0-9._~-]{1,256}$/;
