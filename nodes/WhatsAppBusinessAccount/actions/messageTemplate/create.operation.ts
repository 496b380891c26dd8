import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getWabaId, optionsFromEnum } from '../common';
import { MESSAGE_TEMPLATE_CATEGORIES } from '../schemas';
import type { OperationOption } from '../operation';
import { componentsProperties, getComponents, templateSettingProperties } from './components';

const show = { resource: ['messageTemplate'], operation: ['create'] };

/** Meta's rule for template names. */
const TEMPLATE_NAME_REGEX = '^[a-z0-9_]{1,512}$';

/** Categories a new template can ask for (SERVICE is not one). */
export const creatableCategories = () =>
	optionsFromEnum(MESSAGE_TEMPLATE_CATEGORIES.filter((category) => category !== 'SERVICE'));

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	description: 'Create a message template and submit it to Meta for review',
	action: 'Create message template',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order_shipped',
		description:
			"The template's name: lowercase letters, digits and underscores, up to 512 characters",
		displayOptions: { show },
		validation: [
			{
				type: 'regex',
				properties: {
					regex: TEMPLATE_NAME_REGEX,
					errorMessage: 'Use lowercase letters, digits and underscores only',
				},
			},
		],
	} as INodeProperties,
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		required: true,
		default: 'en_US',
		placeholder: 'e.g. en_US',
		description: "The template's language and locale code, such as en_US, de or pt_BR",
		displayOptions: { show },
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		required: true,
		options: creatableCategories(),
		default: 'UTILITY',
		description: 'What the template is for; it sets the price of each message sent with it',
		displayOptions: { show },
	},
	...componentsProperties('create', true),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Allow Category Change',
				name: 'allowCategoryChange',
				type: 'boolean',
				default: false,
				description:
					'Whether Meta may give the template another category than the one asked for instead of rejecting it',
			},
			...templateSettingProperties(),
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const name = (this.getNodeParameter('name', itemIndex) as string).trim();
	if (!new RegExp(TEMPLATE_NAME_REGEX).test(name)) {
		throw new NodeOperationError(this.getNode(), `The template name "${name}" is not valid`, {
			itemIndex,
			description: 'Use lowercase letters, digits and underscores only, up to 512 characters.',
		});
	}
	const language = (this.getNodeParameter('language', itemIndex) as string).trim();
	const category = this.getNodeParameter('category', itemIndex) as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const parameterFormat = options.parameterFormat as string | undefined;
	const components = getComponents(this, itemIndex, parameterFormat) ?? [];
	if (!components.some((component) => component.type === 'BODY')) {
		throw new NodeOperationError(
			this.getNode(),
			'The template is not valid: it has no BODY component',
			{ itemIndex },
		);
	}
	const json: IDataObject = { name, language, category, components };
	if (parameterFormat) json.parameter_format = parameterFormat;
	if (options.allowCategoryChange !== undefined)
		json.allow_category_change = options.allowCategoryChange === true;
	if (options.messageSendTtlSeconds !== undefined)
		json.message_send_ttl_seconds = Number(options.messageSendTtlSeconds);
	return await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${wabaId}/message_templates`,
		json,
		itemIndex,
	});
}
