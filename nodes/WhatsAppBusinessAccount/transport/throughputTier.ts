/**
 * The pace of a campaign from the sending number's throughput level, as Meta reports it:
 * GET /{phone-number-id}?fields=throughput answers `{throughput: {level}, id}`, STANDARD for
 * Meta's default 80 messages a second and HIGH for the 1,000 that Meta grants eligible numbers
 * automatically. The user's Messages Per Second, when set, caps it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GraphPhoneNumber } from '../../shared/generated/graph-types';
import { graphApiRequest } from '../../shared/transport/graphApi';
import type { GraphRequestContext } from '../../shared/transport/graphApi';
import { DEFAULT_MESSAGES_PER_SECOND, MAX_MESSAGES_PER_SECOND } from './pacer';

/** Messages a second per throughput level (Meta's throughput page); any other level gets the default. */
export const MESSAGES_PER_SECOND_BY_LEVEL: Readonly<Record<string, number>> = {
	STANDARD: DEFAULT_MESSAGES_PER_SECOND,
	HIGH: MAX_MESSAGES_PER_SECOND,
};

/** The number's level as Graph reports it (undefined when the answer has none); throws Graph's error. */
export async function readThroughputLevel(
	context: GraphRequestContext,
	phoneNumberId: string,
	itemIndex?: number,
): Promise<string | undefined> {
	const node = await graphApiRequest<GraphPhoneNumber & IDataObject>(context, {
		method: 'GET',
		path: `/${phoneNumberId}`,
		qs: { fields: 'throughput' },
		itemIndex,
		// one try: a campaign does not wait for this; without it, it goes at Meta's default pace
		retry: { maxAttempts: 1 },
	});
	const level = node.throughput?.level;
	return typeof level === 'string' ? level : undefined;
}

/**
 * Sends per second: the level's rate (Meta's default when the level is unknown), or the user's
 * cap when lower. A cap the level cannot hold would only earn 130429 answers.
 */
export function pacedRate(level: string | undefined, userCap: number | undefined): number {
	const levelRate =
		level === undefined ? undefined : (MESSAGES_PER_SECOND_BY_LEVEL[level] ?? undefined);
	if (userCap === undefined || !(userCap > 0)) return levelRate ?? DEFAULT_MESSAGES_PER_SECOND;
	return Math.min(userCap, levelRate ?? Infinity);
}

/**
 * The pace of a campaign sent from `phoneNumberId` (undefined: not known, Meta's default): its
 * level's, capped by the user's. When Graph does not say, n8n's log says why.
 */
export async function campaignRate(
	context: IExecuteFunctions,
	phoneNumberId: string | undefined,
	userCap: number | undefined,
): Promise<number> {
	let level: string | undefined;
	if (phoneNumberId !== undefined) {
		try {
			level = await readThroughputLevel(context, phoneNumberId, 0);
		} catch (error) {
			context.logger.warn(
				`Send Template: the throughput level of number ${phoneNumberId} could not be read (${(error as Error).message}); pacing at Messages Per Second, or Meta's default of ${DEFAULT_MESSAGES_PER_SECOND} a second`,
			);
		}
	}
	return pacedRate(level, userCap);
}
