// Send Template's "Skip Rows Already Sent": the options, the record of a campaign in n8n's
// deduplication store (campaignLedger.ts), and each row's fate before anything is sent.
//
// Why n8n's deduplication store and not a Data Table: n8n (1.x and 2.x alike) hands its Data
// Table proxy only to its own Data table and Evaluation nodes (DataTableProxyService's
// ALLOWED_NODES), so a community node cannot write a Data Table. The deduplication store (the
// Remove Duplicates node's, `processed_data` in n8n's database) is open to every node on both
// lines and writes through to the database on each call, so a record outlives a worker killed
// mid-campaign.
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { getMessageTarget } from '../../messaging/recipient';
import type { OutgoingMessage } from '../../messaging/send';
import { CampaignLedger } from './campaignLedger';
import type { LedgerStore, RowState } from './campaignLedger';
import { LIMITS } from './common';

/** What a row in doubt gets on a re-run. */
export const IN_DOUBT = { report: 'report', sendAgain: 'sendAgain' } as const;

export function rerunOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Campaign ID (Skip Rows Already Sent)',
			name: 'campaignId',
			type: 'string',
			default: '',
			placeholder: 'e.g. spring-sale-2026',
			description:
				"A name for this campaign. When set, each row is recorded in n8n's database before and after its send, and running the execution again (after a crash or a retry) skips the rows already sent.",
		},
		{
			displayName: 'Row Key',
			name: 'campaignRowKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.customerId }}',
			description:
				"What tells one row from another within the campaign (unique per row). Empty uses the recipient's number or BSUID. Used only with a Campaign ID.",
		},
		{
			displayName: 'Rows In Doubt',
			name: 'campaignInDoubt',
			type: 'options',
			options: [
				{
					name: 'Report Them',
					value: IN_DOUBT.report,
					description:
						'Not sent again: the output item says "inDoubt"; the status webhook tells whether it arrived',
				},
				{
					name: 'Send Them Again',
					value: IN_DOUBT.sendAgain,
					description:
						'Send them once more; for after checking that their status webhooks never came',
				},
			],
			default: 'report',
			description:
				'Rows whose send had started when the last run stopped: Meta may or may not have accepted them. Used only with a Campaign ID.',
		},
	];
}

/** The campaign of one run: each item's row key, and the record. */
export interface CampaignRun {
	ledger: CampaignLedger;
	rowKeys: string[];
	/** Output of the rows this run does not send (already sent, or in doubt and reported). */
	skipped: Map<number, INodeExecutionData>;
	/** The items this run sends, in order (the pacer's positions). */
	toSend: number[];
}

/** n8n's deduplication store of this node (its own list, apart from other nodes'). */
export function deduplicationStore(context: IExecuteFunctions): LedgerStore {
	const helpers = context.helpers;
	if (
		typeof helpers.checkProcessedAndRecord !== 'function' ||
		typeof helpers.removeProcessed !== 'function'
	)
		throw new NodeOperationError(
			context.getNode(),
			"This n8n cannot record a campaign's rows (its deduplication store is missing)",
			{ description: 'Nothing was sent. Clear Campaign ID, or update n8n.' },
		);
	const options = { mode: 'entries' as const };
	// a record that cannot be written stops the sends that wait for it, in words the user can act on
	const refused = (error: unknown) =>
		new NodeOperationError(
			context.getNode(),
			`n8n's database did not take the campaign's record: ${(error as Error).message}`,
			{
				description:
					'Rows waiting for the record were not sent. Once the database is back, run the campaign again: rows sent are skipped, rows in doubt reported.',
			},
		);
	return {
		async record(entries) {
			const answer = await helpers
				.checkProcessedAndRecord(entries, 'node', options)
				.catch((error: unknown) => {
					throw refused(error);
				});
			return new Set(answer.processed.map(String));
		},
		async remove(entries) {
			await helpers.removeProcessed(entries, 'node', options).catch((error: unknown) => {
				throw refused(error);
			});
		},
	};
}

/**
 * With a Campaign ID: every item's row key (refused when two items share one), what the record
 * says of each, and the output of the rows not to send. Without: undefined (nothing recorded).
 */
export async function openCampaign(
	context: IExecuteFunctions,
	itemCount: number,
): Promise<CampaignRun | undefined> {
	const first = context.getNodeParameter('templateOptions', 0, {}) as IDataObject;
	const campaignId = String(first.campaignId ?? '').trim();
	if (!campaignId) return undefined;
	const inDoubt = String(first.campaignInDoubt ?? IN_DOUBT.report);
	const rowKeys = readRowKeys(context, itemCount);
	const ledger = new CampaignLedger(deduplicationStore(context), campaignId);
	const states = await ledger.recall(rowKeys);
	const skipped = new Map<number, INodeExecutionData>();
	rowKeys.forEach((rowKey, index) => {
		const state = states.get(rowKey) as RowState;
		if (state === 'untouched' || (state === 'inDoubt' && inDoubt === IN_DOUBT.sendAgain)) return;
		skipped.set(index, {
			json: skippedOutcome(campaignId, rowKey, state),
			pairedItem: { item: index },
		});
	});
	const toSend = rowKeys.map((_, index) => index).filter((index) => !skipped.has(index));
	return { ledger, rowKeys, skipped, toSend };
}

function readRowKeys(context: IExecuteFunctions, itemCount: number): string[] {
	const seen = new Map<string, number>();
	const keys: string[] = [];
	for (let index = 0; index < itemCount; index++) {
		const options = context.getNodeParameter('templateOptions', index, {}) as IDataObject;
		const given = String(options.campaignRowKey ?? '').trim();
		const key = given || recipientOf(context, index);
		const earlier = seen.get(key);
		if (earlier !== undefined)
			throw new NodeOperationError(
				context.getNode(),
				`Row Key "${key}" is on items ${earlier} and ${index}`,
				{
					itemIndex: index,
					description:
						'Nothing was sent. Each row of a campaign needs its own Row Key (e.g. a customer ID), or remove the duplicate rows.',
				},
			);
		seen.set(key, index);
		keys.push(key);
	}
	return keys;
}

/** The item's recipient as its row key; an item whose recipient is refused fails at its send. */
function recipientOf(context: IExecuteFunctions, index: number): string {
	try {
		return getMessageTarget(context, index).recipient.value;
	} catch {
		return `\u0000item ${index}`;
	}
}

function skippedOutcome(campaignId: string, rowKey: string, state: RowState): IDataObject {
	if (state === 'sent')
		return {
			status: 'skipped',
			reason: 'alreadySent',
			campaignId,
			rowKey,
			description: 'Meta accepted this row in an earlier run of the campaign: not sent again.',
		};
	return {
		status: 'inDoubt',
		campaignId,
		rowKey,
		trackingData: trackingDataFor(campaignId, rowKey),
		description:
			"This row's send had started when an earlier run stopped; Meta may have accepted it. Not sent again: look for its status webhook (the trigger's status item carries this Tracking Data), then set Rows In Doubt to Send Them Again for the rows that never arrived.",
	};
}

/**
 * A row's outcome in the record, and the campaign fields of its output item: accepted is sent;
 * refused by Meta (an answer came) is untouched again, so a re-run sends it; no answer leaves it
 * in flight, in doubt on a re-run. A row refused before its request was never recorded.
 */
export function settleRow(
	campaign: CampaignRun,
	index: number,
	result: { ok: true } | { ok: false; error: unknown },
	refusedBeforeSend: boolean,
): IDataObject {
	const rowKey = campaign.rowKeys[index];
	// a failed write shows in the ledger's flush at the end of the run
	const ignore = () => undefined;
	if (result.ok) campaign.ledger.sent(rowKey).catch(ignore);
	else if (!refusedBeforeSend && answeredByMeta(result.error))
		campaign.ledger.failed(rowKey).catch(ignore);
	return { campaignId: campaign.ledger.campaignId, rowKey };
}

const answeredByMeta = (error: unknown) =>
	(error as { context?: IDataObject } | undefined)?.context?.httpStatus !== undefined;

/**
 * The Tracking Data (`biz_opaque_callback_data`) a campaign row's message carries unless the
 * user set their own: Meta hands it back in every status item of the message.
 */
export function trackingDataFor(campaignId: string, rowKey: string): string {
	return JSON.stringify({ campaign: campaignId, row: rowKey });
}

/** The row's message with the campaign's Tracking Data, unless it has its own (or it would pass Meta's 512 characters). */
export function withCampaignTracking(
	campaign: CampaignRun,
	index: number,
	message: OutgoingMessage,
): OutgoingMessage {
	if (message.payload.biz_opaque_callback_data) return message;
	const data = trackingDataFor(campaign.ledger.campaignId, campaign.rowKeys[index]);
	if ([...data].length > LIMITS.opaqueData) return message;
	return { ...message, payload: { ...message.payload, biz_opaque_callback_data: data } };
}
