/** Bounds on what one log record may cost to mask and how much of it is written. */
export interface MaskOptions {
  /** Objects nested deeper than this are replaced by a marker. */
  maxDepth: number;
  /** Keys kept per object and items kept per array; the rest are counted, not logged. */
  maxKeys: number;
  maxArrayLength: number;
  /** Length of any one string after masking; longer ones are cut with a marker. */
  maxStringLength: number;
  /** Values visited per record, and characters scanned per record, before the rest is dropped. */
  maxNodes: number;
  maxScannedChars: number;
  /** Error stacks reveal paths and code layout: kept outside production only. */
  includeStack: boolean;
}

export const DEFAULT_MASK_OPTIONS: Readonly<MaskOptions> = Object.freeze({
  maxDepth: 10,
  maxKeys: 100,
  maxArrayLength: 100,
  maxStringLength: 8_192,
  maxNodes: 5_000,
  maxScannedChars: 1_048_576,
  includeStack: false,
});
