// Vite's ambient types: CSS and asset imports in the renderer.
/// <reference types="vite/client" />
