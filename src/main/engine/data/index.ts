// The data namespace.
export { TensorDataset, type Dataset } from './dataset';
export { DataLoader, type DataLoaderOptions } from './dataloader';
export { syntheticData } from './synthetic';
