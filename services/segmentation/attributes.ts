export const SPAN_SEGMENTATION_GROUP = 'segmentation.group';
export const ATTR_SEGMENTATION_CLIENTS = 'segmentation.clients';
export const ATTR_SEGMENTATION_SEGMENTS = 'segmentation.segments';
