import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

/** Meta's limits ("Conversational components"): 4 ice breakers of 80 characters, 30 commands. */
export const AUTOMATION_LIMITS = {
	prompts: 4,
	prompt: 80,
	commands: 30,
	commandName: 32,
	commandDescription: 256,
} as const;

export const option: OperationOption = {
	name: 'Update Conversational Automation',
	value: 'updateConversationalAutomation',
	description:
		"Set a business number's ice breakers, commands and welcome message request; what you add replaces what is there",
	action: 'Update conversational automation of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'automationUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: {
			show: { resource: ['phoneNumber'], operation: ['updateConversationalAutomation'] },
		},
		options: [
			{
				displayName: 'Commands',
				name: 'commands',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Command',
				default: {},
				description:
					'Up to 30 commands customers see when they type / (all replaced; none removes them)',
				options: [
					{
						displayName: 'Command',
						name: 'command',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. menu',
								description: 'What the customer types after /, up to 32 characters, no emoji',
							},
							{
								displayName: 'Description',
								name: 'description',
								type: 'string',
								default: '',
								placeholder: 'e.g. See today’s menu',
								description: 'What the command does, up to 256 characters, no emoji',
							},
						],
					},
				],
			},
			{
				displayName: 'Ice Breakers',
				name: 'prompts',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Ice Breaker',
				default: {},
				description:
					'Up to 4 tappable texts shown when a customer opens the chat for the first time (all replaced; none removes them)',
				options: [
					{
						displayName: 'Ice Breaker',
						name: 'prompt',
						values: [
							{
								displayName: 'Text',
								name: 'text',
								type: 'string',
								default: '',
								placeholder: 'e.g. Show me the menu',
								description: 'Up to 80 characters, no emoji',
							},
						],
					},
				],
			},
			{
				displayName: 'Welcome Message',
				name: 'enableWelcomeMessage',
				type: 'boolean',
				default: true,
				description:
					'Whether Meta sends a request_welcome message to the trigger when a customer opens the chat for the first time, so the workflow can greet them',
			},
		],
	},
];

const EMOJI = /\p{Extended_Pictographic}/u;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const fields = this.getNodeParameter('automationUpdateFields', itemIndex, {}) as IDataObject;
	const refuse = (message: string): never => {
		throw new NodeOperationError(this.getNode(), message, { itemIndex });
	};
	const text = (label: string, value: unknown, max: number) => {
		const written = String(value ?? '').trim();
		if (!written) refuse(`${label} is empty`);
		const length = [...written].length;
		if (length > max) refuse(`${label} is ${length} characters; WhatsApp allows at most ${max}`);
		if (EMOJI.test(written)) refuse(`${label} has an emoji; WhatsApp does not take emoji there`);
		return written;
	};
	const body: IDataObject = {};
	if (typeof fields.enableWelcomeMessage === 'boolean')
		body.enable_welcome_message = fields.enableWelcomeMessage;
	if (fields.prompts !== undefined) {
		const prompts = ((fields.prompts as IDataObject).prompt ?? []) as IDataObject[];
		if (prompts.length > AUTOMATION_LIMITS.prompts)
			refuse(
				`Ice Breakers has ${prompts.length}; WhatsApp takes at most ${AUTOMATION_LIMITS.prompts}`,
			);
		body.prompts = prompts.map((p, i) =>
			text(`Ice Breakers ${i + 1}`, p.text, AUTOMATION_LIMITS.prompt),
		);
	}
	if (fields.commands !== undefined) {
		const commands = ((fields.commands as IDataObject).command ?? []) as IDataObject[];
		if (commands.length > AUTOMATION_LIMITS.commands)
			refuse(
				`Commands has ${commands.length}; WhatsApp takes at most ${AUTOMATION_LIMITS.commands}`,
			);
		body.commands = commands.map((c, i) => ({
			// the customer types "/menu"; Meta wants the name without the slash
			command_name: text(
				`Commands ${i + 1}: Name`,
				String(c.name ?? '').replace(/^\//, ''),
				AUTOMATION_LIMITS.commandName,
			),
			command_description: text(
				`Commands ${i + 1}: Description`,
				c.description,
				AUTOMATION_LIMITS.commandDescription,
			),
		}));
	}
	if (!Object.keys(body).length)
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty', {
			itemIndex,
			description: 'Add Commands, Ice Breakers or Welcome Message.',
		});
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/conversational_automation`,
		json: body,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
