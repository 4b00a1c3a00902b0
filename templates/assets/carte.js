/*
 * carte.js — les cartes, avec Leaflet (copié dans le site :
 * assets/leaflet/), quand site.yaml donne « carte.tuiles » : les lieux
 * d'un territoire sur sa page, et ceux des résultats sur la page de
 * recherche (search.js les annonce par l'événement « maillage:lieux »).
 * Le seul autre site contacté est ce serveur de tuiles. Au clavier : Tab
 * atteint la carte (flèches pour la déplacer, + et − pour zoomer) puis
 * chaque lieu ; Entrée ouvre son nom, qui mène à sa fiche. La liste des
 * services de la page reste l'équivalent de la carte.
 */
(function () {
	'use strict';

	/* A map in el, with the tiles and attribution of its data- keys. */
	function makeMap(el) {
		var map = L.map(el, {keyboard: true, scrollWheelZoom: false});

		map.attributionControl.setPrefix(false);
		L.tileLayer(el.getAttribute('data-tuiles'), {
			attribution: el.getAttribute('data-attribution') || '',
			maxZoom: 18
		}).addTo(map);
		el.setAttribute('aria-label', 'Carte des lieux d\u2019accueil');
		return map;
	}

	/*
	 * Markers for lieux [{n: name, u: page, a: address, y, x}] in layer;
	 * the view fitted to them.
	 */
	function showPlaces(map, layer, lieux) {
		var bounds = [], i, p, m, a, txt;

		for (i = 0; i < lieux.length; i++) {
			p = lieux[i];
			m = L.marker([p.y, p.x], {title: p.n, alt: p.n, keyboard: true});
			/* The popup's content as DOM nodes: names are never HTML. */
			a = document.createElement('a');
			a.href = p.u;
			a.textContent = p.n;
			txt = document.createElement('div');
			txt.appendChild(a);
			if (p.a) {
				txt.appendChild(document.createElement('br'));
				txt.appendChild(document.createTextNode(p.a));
			}
			m.bindPopup(txt);
			m.addTo(layer);
			bounds.push([p.y, p.x]);
		}
		if (bounds.length === 1)
			map.setView(bounds[0], 14);
		else
			map.fitBounds(bounds, {padding: [30, 30], maxZoom: 15});
	}

	/* A territory's page: its places are in data-lieux. */
	function initTerritory(el) {
		var lieux, map;

		try {
			lieux = JSON.parse(el.getAttribute('data-lieux') || '[]');
		} catch (e) {
			return;
		}
		if (!lieux.length)
			return;
		el.hidden = false;
		map = makeMap(el);
		showPlaces(map, map, lieux);
	}

	/*
	 * The search page: the places of the results shown, redrawn with
	 * each search; the section is hidden while no result has a place.
	 */
	function initSearch(el) {
		var section = el.closest('section') || el, map = null,
		    layer = null, count = section.querySelector('.carte-compte');

		function update(lieux) {
			if (!lieux || !lieux.length) {
				section.hidden = true;
				if (layer)
					layer.clearLayers();
				return;
			}
			section.hidden = false;
			if (map === null) {
				map = makeMap(el);
				layer = L.layerGroup().addTo(map);
			}
			map.invalidateSize();
			layer.clearLayers();
			showPlaces(map, layer, lieux);
			if (count)
				count.textContent = lieux.length + (lieux.length > 1 ?
				    '\u00a0lieux d\u2019accueil' :
				    '\u00a0lieu d\u2019accueil');
		}
		document.addEventListener('maillage:lieux', function (e) {
			update(e.detail);
		});
		if (window.maillageLieux)
			update(window.maillageLieux);
	}

	var els, i;

	if (!window.L)
		return;
	els = document.querySelectorAll('.carte-territoire');
	for (i = 0; i < els.length; i++)
		initTerritory(els[i]);
	els = document.querySelectorAll('.carte-recherche');
	for (i = 0; i < els.length; i++)
		initSearch(els[i]);
}());
