/** Entry: find the host (Electron preload or `soundroll serve`), connect, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { App } from './App';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App api={connect()} />
    </StrictMode>,
  );
}
