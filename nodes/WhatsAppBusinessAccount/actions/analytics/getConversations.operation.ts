import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ANALYTICS_ENUMS } from '../schemas';
import type { OperationOption } from '../operation';
import {
	countryCodesFilter,
	dateRangeProperties,
	enumFilter,
	filtersProperty,
	phoneNumbersFilter,
	readFieldAnalytics,
} from './common';

const operation = 'getConversations';

export const option: OperationOption = {
	name: 'Get Conversation Analytics',
	value: 'getConversations',
	description:
		'Get conversation counts and costs over a date range, for accounts billed per conversation (before July 2025), one item per data point',
	action: 'Get conversation analytics',
};

export const description: INodeProperties[] = [
	...dateRangeProperties(operation, true),
	filtersProperty(operation, [
		enumFilter(
			'Conversation Categories',
			'conversationCategories',
			ANALYTICS_ENUMS.conversationCategory,
			'Only conversations of these categories',
		),
		enumFilter(
			'Conversation Directions',
			'conversationDirections',
			ANALYTICS_ENUMS.conversationDirection,
			'Only conversations the business or the customer opened',
		),
		enumFilter(
			'Conversation Types',
			'conversationTypes',
			ANALYTICS_ENUMS.conversationType,
			'Only free-entry, free-tier or regular (charged) conversations',
		),
		countryCodesFilter,
		enumFilter(
			'Group By',
			'dimensions',
			ANALYTICS_ENUMS.conversationDimension,
			'Split each data point by these (category, direction, type, country, phone)',
		),
		enumFilter(
			'Metrics',
			'metricTypes',
			ANALYTICS_ENUMS.conversationMetricType,
			'Which figures to get: conversation count, cost, or both (empty)',
		),
		phoneNumbersFilter,
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await readFieldAnalytics(
		this,
		itemIndex,
		'conversation_analytics',
		[
			['conversation_categories', 'conversationCategories'],
			['conversation_types', 'conversationTypes'],
			['conversation_directions', 'conversationDirections'],
		],
		['conversation', 'cost'],
	);
}
