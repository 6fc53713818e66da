// The nn namespace: layers, losses and initialisers with PyTorch's names.
export { Module, Parameter, isParameter } from './module';
export { Linear, type LinearOptions } from './linear';
export { Sequential } from './sequential';
export { ReLU, Sigmoid, Tanh, Softmax, Identity, Flatten } from './activation';
export { Dropout, dropout } from './dropout';
export { Conv2d, type Conv2dOptions } from './conv';
export { MaxPool2d, AvgPool2d } from './pooling';
export type { IntPair, MaxPool2dOptions, AvgPool2dOptions } from './conv-args';
export { MSELoss, CrossEntropyLoss, type LossOptions, type CrossEntropyLossOptions } from './loss';
export * as init from './init';
export * as functional from './functional';
