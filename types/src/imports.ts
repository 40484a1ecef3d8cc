// Import/export contract (issue 5): filled in by the import feature.
export {};
