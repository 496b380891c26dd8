/**
 * The Graph transport's retry settings, for one test at a time: jest replaces the transport's
 * frozen defaults (nodes/shared/transport/throttling.ts) for as long as a test asks and puts
 * them back on reset. The product holds no setting that can change.
 */
import * as throttling from '../../nodes/shared/transport/throttling';
import type { GraphRetrySettings } from '../../nodes/shared/transport/throttling';

const ORIGINAL = throttling.GRAPH_RETRY_DEFAULTS;
let replaced: jest.ReplaceProperty<Readonly<GraphRetrySettings>> | undefined;

/** Changes some settings for every later Graph call of this test file; returns the settings now in force. */
export function configureGraphRetries(settings: Partial<GraphRetrySettings>): GraphRetrySettings {
	const next = Object.freeze({ ...throttling.GRAPH_RETRY_DEFAULTS, ...settings });
	if (replaced) replaced.replaceValue(next);
	else replaced = jest.replaceProperty(throttling, 'GRAPH_RETRY_DEFAULTS', next);
	return { ...next };
}

/** Back to the product's settings. */
export function resetGraphRetries(): void {
	replaced?.restore();
	replaced = undefined;
	if (throttling.GRAPH_RETRY_DEFAULTS !== ORIGINAL)
		throw new Error('the Graph retry settings were replaced outside configureGraphRetries');
}

/** The settings in force (a copy). */
export function getGraphRetrySettings(): GraphRetrySettings {
	return { ...throttling.GRAPH_RETRY_DEFAULTS };
}
