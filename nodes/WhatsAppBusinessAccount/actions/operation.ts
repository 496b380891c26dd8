// The one shape of the action node's resources and operations. A resource is its entry in the
// Resource list, its own parameters and its operations; an operation is its entry in the
// Operation list, its fields and one way to run. registry.ts lists the resources once, and the
// node's parameters and the router (router.ts) both come from that list.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { ExecutionDataResult } from './common';

/** The operation's entry in the Operation list; `value` is what saved workflows hold. */
export interface OperationOption {
	name: string;
	value: string;
	description: string;
	action: string;
}

interface OperationParts {
	option: OperationOption;
	/** The operation's own fields, each shown for its resource and operation only. */
	description: INodeProperties[];
}

/** Runs once per input item; the router pairs the output with the item and applies Continue On Fail. */
export interface ItemOperation extends OperationParts {
	mode?: 'item';
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
	): Promise<IDataObject | IDataObject[] | ExecutionDataResult>;
}

/**
 * Runs all input items at once (a campaign sent at a pace): it returns one output item per
 * input item, paired, and applies Continue On Fail itself (continueOnFail.ts).
 */
export interface BatchOperation extends OperationParts {
	mode: 'batch';
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | BatchOperation;

export interface Resource {
	/** The resource's entry in the Resource list; `value` is what saved workflows hold. */
	option: { name: string; value: string };
	/** The `value` of the operation a new node starts with. */
	defaultOperation: string;
	/** The resource's own parameters, before its operations' fields (such as the WABA ID). */
	parameters?: INodeProperties[];
	/** Their fields follow one another in this order; the Operation list shows them by name. */
	operations: Operation[];
}
