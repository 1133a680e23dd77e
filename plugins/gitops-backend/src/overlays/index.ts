/**
 * Version edits of environment overlays that keep each file's comments, key
 * order and formatting.
 */

export { setKustomizeImage } from './setKustomizeImage';
export { readKustomizeImage } from './readKustomizeImage';
export type { KustomizeImage } from './readKustomizeImage';
export { setContainerImages } from './setContainerImages';
export { readContainerImages } from './readContainerImages';
export type { ContainerImage } from './readContainerImages';
export type { ImageVersionUpdate } from './ImageVersionUpdate';
export { OverlayEditError } from './OverlayEditError';
export { parseImageReference, formatImageReference } from './imageReference';
export type { ImageReference } from './imageReference';
