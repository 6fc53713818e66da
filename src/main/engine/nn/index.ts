// The nn namespace: layers, losses and initialisers with PyTorch's names.
export { Module, Parameter, isParameter } from './module';
export { Linear, type LinearOptions } from './linear';
export { Sequential } from './sequential';
export { ReLU, Sigmoid, Tanh, Softmax, Identity, Flatten } from './activation';
export { Dropout, dropout } from './dropout';
export { MSELoss, CrossEntropyLoss, type LossOptions, type CrossEntropyLossOptions } from './loss';
export * as init from './init';
export * as functional from './functional';
