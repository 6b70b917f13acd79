/* The machine API's document viewer: Swagger UI on our own OpenAPI document. A file of its own, as the Content-Security-Policy allows no inline script. */
(function () {
  'use strict';
  window.addEventListener('load', function () {
    window.ui = window.SwaggerUIBundle({
      url: '/api/v1/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      // Nothing leaves for swagger.io: the validator badge would send our document there.
      validatorUrl: null,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
    });
  });
})();
