export { exportMyData } from './export';
export {
  EXPORT_PAGE_SIZE,
  type ExportOrigin,
  type ExportStepUpProof,
  type PrivacyExportDeps,
} from './export-deps';
export { EXPORT_FORMAT, EXPORT_VERSION } from './export-document';
