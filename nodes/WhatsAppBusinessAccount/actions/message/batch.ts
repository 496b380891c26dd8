/**
 * Runs all items of the Message resource: each item's message is prepared (checked, media
 * uploaded), sent, and turned into an output item; a failed item becomes an error item when
 * the node continues on fail, and stops the node otherwise. Sends go one after the other
 * here; pacing per business number belongs in this function, which sees the whole batch.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { postMessage, sendOutcome } from '../../messaging/send';
import type { OutgoingMessage, SendAnswer } from '../../messaging/send';
import { errorItem } from '../common';
import type { MessagePreparer } from './common';

/** The output of a mark-as-read. */
function readOutcome(message: OutgoingMessage, answer: SendAnswer): IDataObject {
	return {
		success: answer.success === true,
		messageId: message.payload.message_id,
		phoneNumberId: message.phoneNumberId,
		typingIndicator: message.payload.typing_indicator !== undefined,
	};
}

export function outcomeOf(message: OutgoingMessage, answer: SendAnswer): IDataObject {
	return message.payload.status === 'read'
		? readOutcome(message, answer)
		: sendOutcome(message, answer);
}

export async function executeMessageBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	preparers: Record<string, MessagePreparer>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const prepare = preparers[operation];
			if (!prepare) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of "message" is not supported`,
					{ itemIndex },
				);
			}
			const message = await prepare.call(this, itemIndex);
			const answer = await postMessage(this, message, itemIndex);
			output.push({ json: outcomeOf(message, answer), pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: errorItem(error as Error), pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError)
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			throw error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return output;
}
