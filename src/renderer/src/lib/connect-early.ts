// Imported first by main.ts, so it runs before the app's other modules are evaluated and mounted:
// in web mode the WebSocket handshake then happens while the page builds its first screen, and the
// first requests (the experiment list) go out as soon as the app asks instead of a round trip later.
import { getConnection } from './transport';

getConnection();
