import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	catalogIdOf,
	catalogIdProperty,
	COMMERCE_LIMITS,
	footerOf,
	footerOption,
	retailerId,
} from './commerce';
import {
	checkLength,
	envelope,
	fail,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';

const show = showFor('sendProductList');

export const option: OperationOption = {
	name: 'Send Product List',
	value: 'sendProductList',
	description: `Send up to 30 products of a catalog in up to 10 sections (multi-product message) ${TO_ANY_RECIPIENT}`,
	action: 'Send product list',
};

export const description: INodeProperties[] = [
	...sendProperties('sendProductList'),
	catalogIdProperty(show),
	{
		displayName: 'Header',
		name: 'header',
		type: 'string',
		required: true,
		default: '',
		description: 'The title above the products, up to 60 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'The message text, up to 1024 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Product',
		default: {},
		description:
			'Up to 30 products in all; products with the same Section title (one after another) form a section, up to 10 sections',
		displayOptions: { show },
		options: [
			{
				displayName: 'Product',
				name: 'product',
				values: [
					{
						displayName: 'Section',
						name: 'section',
						type: 'string',
						default: '',
						description:
							"The title of the product's section, up to 24 characters; required when there are several sections",
					},
					{
						displayName: 'Product Retailer ID',
						name: 'productRetailerId',
						type: 'string',
						default: '',
						placeholder: 'e.g. di9ozbzfi4',
						description: "The product's ID in the catalog (Content ID in Commerce Manager)",
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [footerOption, ...sendOptions()],
	},
];

interface ProductSection {
	title: string;
	product_items: Array<{ product_retailer_id: string }>;
}

/** The products grouped into sections as given (a new section where the title changes), checked against Meta's limits. */
function sectionsOf(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const products = ((context.getNodeParameter('products', itemIndex, {}) as IDataObject).product ??
		[]) as IDataObject[];
	const { productListProducts, productListSections } = COMMERCE_LIMITS;
	if (products.length < 1 || products.length > productListProducts)
		fail(
			context,
			itemIndex,
			`Products has ${products.length} products; a WhatsApp product list takes 1 to ${productListProducts} in all`,
		);
	const sections: ProductSection[] = [];
	products.forEach((product, index) => {
		const label = `Products ${index + 1}`;
		const title = String(product.section ?? '').trim();
		checkLength(context, itemIndex, `${label}: Section`, title, LIMITS.sectionTitle);
		const id = retailerId(
			context,
			itemIndex,
			`${label}: Product Retailer ID`,
			product.productRetailerId,
		);
		const last = sections[sections.length - 1];
		if (last && last.title === title) last.product_items.push({ product_retailer_id: id });
		else sections.push({ title, product_items: [{ product_retailer_id: id }] });
	});
	if (sections.length > productListSections)
		fail(
			context,
			itemIndex,
			`Products make ${sections.length} sections; WhatsApp allows at most ${productListSections}`,
		);
	if (sections.length > 1 && sections.some((s) => !s.title))
		fail(
			context,
			itemIndex,
			'Products: every product needs a Section title when the list has several sections',
		);
	return sections.map((s) => ({
		...(s.title ? { title: s.title } : {}),
		product_items: s.product_items,
	}));
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const interactive: IDataObject = {
		type: 'product_list',
		// Meta takes only a text header on a multi-product message, and requires it
		header: {
			type: 'text',
			text: requiredText(this, itemIndex, 'header', 'Header', LIMITS.header),
		},
		body: { text: requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody) },
		...footerOf(this, itemIndex, options),
		action: { catalog_id: catalogIdOf(this, itemIndex), sections: sectionsOf(this, itemIndex) },
	};
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', interactive);
}

export const execute = sending(prepare);
