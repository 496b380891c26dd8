// Runs the operation the node's Resource and Operation parameters name. The Message resource
// runs its items as one batch (the resource cannot vary by item); the others item by item.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import * as account from './account/account.resource';
import * as activity from './activity/activity.resource';
import * as analytics from './analytics/analytics.resource';
import * as assignedUser from './assignedUser/assignedUser.resource';
import { errorItem, isExecutionData, EXECUTION_DATA } from './common';
import type { OperationExecutor } from './common';
import * as media from './media/media.resource';
import * as message from './message/message.resource';
import { executeSendTemplate } from './message/sendTemplate.operation';
import * as messageTemplate from './messageTemplate/messageTemplate.resource';
import * as phoneNumber from './phoneNumber/phoneNumber.resource';
import * as subscribedApp from './subscribedApp/subscribedApp.resource';
import * as webhookSetup from './webhookSetup/webhookSetup.resource';

const resources: Record<string, Record<string, OperationExecutor>> = {
	account: account.operations,
	subscribedApp: subscribedApp.operations,
	assignedUser: assignedUser.operations,
	phoneNumber: phoneNumber.operations,
	messageTemplate: messageTemplate.operations,
	media: media.operations,
	analytics: analytics.operations,
	activity: activity.operations,
	webhookSetup: webhookSetup.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// a campaign: every item goes out together, at the pace set, instead of one by one
	if (
		items.length &&
		this.getNodeParameter('resource', 0) === 'message' &&
		this.getNodeParameter('operation', 0) === 'sendTemplate'
	) {
		return [await executeSendTemplate.call(this, items)];
	}
	if (items.length && this.getNodeParameter('resource', 0) === 'message') {
		return [await message.executeMessageBatch.call(this, items, message.preparers)];
	}
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const run = resources[resource]?.[operation];
			if (!run) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of "${resource}" is not supported`,
					{
						itemIndex,
					},
				);
			}
			const result = await run.call(this, itemIndex);
			if (isExecutionData(result)) {
				returnData.push(
					...result[EXECUTION_DATA].map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
				);
				continue;
			}
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItem(error as Error), pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError) {
				// Already carries Meta's details; NodeApiError hands back the same instance.
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [returnData];
}
