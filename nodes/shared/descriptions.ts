// Parameters both nodes show (the trigger's registration and the action node's operations).
import type { INodeProperties } from 'n8n-workflow';

/** A Graph id: digits only, kept as a string (64-bit ids lose precision as JS numbers). */
export const GRAPH_ID_REGEX = '^[0-9]+$';

/** The WhatsApp Business Account every operation (but Phone Number > Get) works on. */
export const wabaIdProperty: INodeProperties = {
	displayName: 'WhatsApp Business Account',
	name: 'wabaId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The WhatsApp Business Account (WABA) to work on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an account...',
			typeOptions: {
				searchListMethod: 'searchWhatsAppBusinessAccounts',
				searchable: true,
			},
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 102290129340398',
			hint: 'Meta Business Settings > Accounts > WhatsApp Accounts shows the ID',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: GRAPH_ID_REGEX,
						errorMessage: 'A WhatsApp Business Account ID is digits only',
					},
				},
			],
		},
	],
};
