// Every resource of the node, once. The Resource list, each resource's Operation list, the
// node's parameters and the router (router.ts) all come from this list: a new resource is
// one line here, a new operation one line in its resource's file.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { account } from './account/account.resource';
import { activity } from './activity/activity.resource';
import { analytics } from './analytics/analytics.resource';
import { assignedUser } from './assignedUser/assignedUser.resource';
import { call } from './call/call.resource';
import { flow } from './flow/flow.resource';
import { group } from './group/group.resource';
import { media } from './media/media.resource';
import { message } from './message/message.resource';
import { messageTemplate } from './messageTemplate/messageTemplate.resource';
import type { Operation, Resource } from './operation';
import { phoneNumber } from './phoneNumber/phoneNumber.resource';
import { subscribedApp } from './subscribedApp/subscribedApp.resource';
import { webhookSetup } from './webhookSetup/webhookSetup.resource';

/** In this order the resources' fields follow one another; the Resource list shows them by name. */
export const resources: Resource[] = [
	account,
	subscribedApp,
	assignedUser,
	phoneNumber,
	messageTemplate,
	flow,
	media,
	message,
	call,
	group,
	analytics,
	activity,
	webhookSetup,
];

/** n8n lists options by name. */
const byName = (options: INodePropertyOptions[]) =>
	[...options].sort((a, b) => a.name.localeCompare(b.name));

function operationProperty({ option, defaultOperation, operations }: Resource): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [option.value] } },
		options: byName(operations.map((operation) => operation.option)),
		default: defaultOperation,
	};
}

/**
 * The node's parameters: Resource, each resource's Operation, then each resource's own
 * parameters and its operations' fields.
 */
export function nodeProperties(): INodeProperties[] {
	const firstResource = resources[0].option.value;
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: byName(resources.map((resource) => resource.option)),
			default: firstResource,
		},
		...resources.map(operationProperty),
		...resources.flatMap((resource) => [
			...(resource.parameters ?? []),
			...resource.operations.flatMap((operation) => operation.description),
		]),
	];
}

/** The operation that a Resource value and an Operation value name, if the node has it. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	return resources
		.find((r) => r.option.value === resource)
		?.operations.find((o) => o.option.value === operation);
}
