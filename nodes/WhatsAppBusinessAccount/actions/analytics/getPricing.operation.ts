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

const operation = 'getPricing';

export const option: OperationOption = {
	name: 'Get Pricing Analytics',
	value: 'getPricing',
	description:
		'Get message volumes and costs over a date range, by country, category or number, one item per data point',
	action: 'Get pricing analytics',
};

export const description: INodeProperties[] = [
	...dateRangeProperties(operation, true),
	filtersProperty(operation, [
		countryCodesFilter,
		enumFilter(
			'Group By',
			'dimensions',
			ANALYTICS_ENUMS.pricingDimension,
			'Split each data point by these (country, phone, pricing category, pricing type, tier)',
		),
		enumFilter(
			'Metrics',
			'metricTypes',
			ANALYTICS_ENUMS.pricingMetricType,
			'Which figures to get: message volume, cost, or both (empty)',
		),
		phoneNumbersFilter,
		enumFilter(
			'Pricing Categories',
			'pricingCategories',
			ANALYTICS_ENUMS.pricingCategory,
			'Only messages of these pricing categories',
		),
		enumFilter(
			'Pricing Types',
			'pricingTypes',
			ANALYTICS_ENUMS.pricingType,
			'Only charged messages, free customer-service messages, or free entry-point messages',
		),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await readFieldAnalytics(
		this,
		itemIndex,
		'pricing_analytics',
		[
			['pricing_types', 'pricingTypes'],
			['pricing_categories', 'pricingCategories'],
		],
		['volume', 'cost'],
	);
}
