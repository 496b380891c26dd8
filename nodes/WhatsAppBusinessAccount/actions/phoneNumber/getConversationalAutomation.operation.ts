import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Conversational Automation',
	value: 'getConversationalAutomation',
	description:
		"Get a business number's ice breakers, commands and whether it asks for a welcome message",
	action: 'Get conversational automation of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${phoneNumberId}`,
		qs: { fields: 'conversational_automation' },
		itemIndex,
	});
	// Meta leaves the field out when nothing is set: the output says so instead of being empty
	const automation = (answer.conversational_automation ?? {}) as IDataObject;
	return {
		id: answer.id ?? phoneNumberId,
		enable_welcome_message: automation.enable_welcome_message === true,
		prompts: Array.isArray(automation.prompts) ? automation.prompts : [],
		commands: Array.isArray(automation.commands) ? automation.commands : [],
	};
}
