// Sandboxed preload (built as CommonJS): exposes the contract as window.workbench and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createWorkbenchApi } from './api';

contextBridge.exposeInMainWorld('workbench', createWorkbenchApi(ipcRenderer));
