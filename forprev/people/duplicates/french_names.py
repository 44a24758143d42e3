"""Name and place lists of the synthetic evaluation set (``synthetic.py``).

Real French surnames roughly in the INSEE order of frequency, surnames of the families that
came from elsewhere, first names of the generations now at work, and communes of birth. The
generator derives a long tail of rarer surnames and first names from them (diminutives,
particles, compound names, spelling variants), as French civil registers do.
"""


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words("""
Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre
Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent
Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier
Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval
Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas
Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron
Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît
Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger
Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein
Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard
Baron Bertin Bailly Hervé Schneider Fernandez Le_Gall Collet Léger Bouvier Julien Prévost Millet
Perrot Daniel Le_Roux Cousin Germain Breton Besson Langlois Rémy Le_Goff Pelletier Lévêque
Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez
Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da_Silva Bouchet Gay
Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune
Gilbert Lamy Delaunay Pasquier Carlier Laporte Gonzalez Guillon Tanguy Gaudin Leconte Bigot
Brunel Launay Blanchet Boutin Bouvet Camus Chabert Charrier Chauvet Clerc Coulon Courtois Delmas
Devaux Didier Drouet Dubreuil Duhamel Dumoulin Duret Ferrand Ferry Fouquet Gallet Gervais Gomez
Granger Grenier Gros Guillet Guyon Hardy Hébert Imbert Jacques Jourdan Joubert Labbé Lacombe
Lagarde Laine Lamotte Lange Langlais Lebreton Leduc Lefort Legros Lemonnier Lenoir Leprince
Lesage Lévy Maillet Marc Marin Martel Maurice Mignot Moreno Navarro Ollivier Pagès Paul Pineau
Poisson Pons Potier Poulet Raynaud Régnier Riou Rocher Rossi Rousset Ruiz Salmon Sauvage Texier
Thibault Thiébaut Turpin Vallet Valentin Verdier Vial Voisin Weiss Alexandre Allard Barbe Baudry
Bazin Berthelot Blondel Bodin Bonneau Bouchard Boulay Bourdon Briand Buisson Cartier Chapuis
Chartier Châtelain Chevrier Cochet Colas Costa Couturier Delage Delattre Delorme Deshayes Desbois
Dubus Ducros Dupré Evrard Ferré Fischer Fortin Foucher Georges Gibert Godard Godin Gomes Grand
Guibert Guillou Hamel Hoffmann Hue Jolly Joseph Josse Kieffer Laborde Lacoste Lafon Lallemand
Laroche Leblond Lecoq Lefranc Legendre Lelièvre Léonard Letellier Lopes Loiseau Macé Maillot
Martins Mathis Maury Michon Monier Mouton Parent Pascal Pereira Petitjean Peyre Pierron Pinto
Prat Raymond Ribeiro Rigaud Rivet Roques Rossignol Sabatier Samson Saunier Tardy Théry Tournier
Vaillant Valette Verger Vernet Villard Wagner Zimmermann Abel Achard Adnet Aubin Auger Babin
Bachelet Barthe Bastien Baudin Beaumont Bellanger Benard Besnard Bischoff Blin Boissier Bonnin
Bouquet Bourdin Bourgeois Boutet Brault Bréchet Brochard Bruneau Cadet Caillaud Carrière Céline
Chambon Chanel Charbonnier Chassagne Chauveau Chéron Chrétien Clavel Cornu Coste Crépin Daubigny
Delannoy Delcourt Delhaye Deneuve Desmarais Dias Dorel Drouin Dubost Duchêne Duclos Dufresne
Dugas Dulac Duprat Durieux Esnault Fabri Faucher Favre Féraud Fleuriot Forestier Fouché Frémont
Gallois Garreau Gasnier Gauvin Geoffroy Gilles Girault Goujon Grangier Guérard Guillard Guiraud
Héraud Herbert Hourdel Jamet Janin Jeanne Jouan Jullien Labat Lacour Lafaye Laffont Lamarque
Landry Lapierre Larcher Lasserre Lebeau Lecerf Ledoux Lefeuvre Legall Legay Leger Lemarié Lenfant
Lepage Lerouge Leveau Levasseur Lherbier Lorin Loubet Magnin Mahé Mallard Manceau Marchais
Marquet Massé Mazet Mercer Meslin Millot Moine Mondon Monnet Morvan Moulinier Nadaud Naudin
Neveu Normand Pajot Paquet Patin Pécheur Pelissier Perrault Peltier Perraud Pinel Pinson
Poiret Pommier Porcher Pottier Puech Quéré Raffin Rault Rebière Renou Richer Rigal Rivière
Robinet Rondeau Rouault Rouxel Sagnier Salaün Sarrazin Sellier Servant Sicard Sorel Terrier
Thiery Thomassin Tixier Toussaint Trémeau Trouvé Vacher Vallée Vannier Verdun Vernier Viard
Vigneron Villain Vivier Yvon Prigent Le_Bihan Le_Guen Le_Corre Le_Floch Le_Meur Le_Bras Kerjean
Jaouen Cadiou Cloarec Guivarch Kervella Le_Borgne Le_Du Stéphan Kerbrat Hoffmann Koenig Becker
Fuchs Keller Richter Schwartz Kuhn Wolff Vandamme Dubus Verhaeghe Vanhove Delobel Deconinck
Santoni Luciani Leca Casanova Orsini Poli Mattei Ceccaldi Pietri Albertini Colonna Técher
Nativel Clain Bègue Ethève Dijoux Lebon Boyer Maillot Turpin Calixte Lubin Zénon Laguerre
Bellance Théodose Alexis Saint-Cyr Jean-Baptiste Jean-Louis Etcheverry Etchegaray Irigoyen
Larralde Bidegain Arrieta Haritschelhar Pujol Roca Serra Puig Ferrer Marti Vidal Esteve Castel
Fabregat Bordes Cazenave Lartigue Lafargue Dufau Labadie Lacaze Larrieu Darrieux Dupouy
""")

# Families that came from elsewhere (Portugal, Spain, Italy, Maghreb, West Africa, Asia, Mayotte).
SURNAMES_ELSEWHERE = _words("""
Da_Silva Dos_Santos Ferreira Pereira Oliveira Rodrigues Fernandes Gonçalves Lopes Alves Carvalho
Sousa Costa Martins Ribeiro Teixeira Mendes Correia Pinto Moreira Almeida Nunes Soares Vieira
García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Jiménez Hernández Romero
Navarro Torres Domínguez Ramos Gil Serrano Molina Ortega Delgado Castro Rubio Marín Suárez
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa
Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara
Benali Benmohamed Haddad Bouaziz Amrani Belkacem Cherif Mansouri Saidi Brahimi Hamidi Khelifi
Meziane Ouali Bensaid Benyahia Boudjemaa Chaouch Hadj Benaissa Bouzid Djebbar Kaci Larbi Messaoudi
Rahmani Slimani Taleb Touati Yahiaoui Zerrouki Ait_Ali Ben_Salah El_Amrani El_Idrissi Bennani
Alaoui Tazi Benjelloun Chraibi Berrada Lahlou Fassi Ouazzani Belhaj Trabelsi Jebali Gharbi
Diallo Traoré Diop N'Diaye Camara Sylla Touré Coulibaly Keita Konaté Bamba Koné Cissé Diarra Sow
Ba Fofana Sangaré Kanté Dembélé Doumbia Sissoko Mbaye Fall Ndour Faye Gueye Seck Niang Sarr
Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Chen Wang Li Zhang Liu Huang Lin
Yang Wu Zhou Kim Lee Park Yilmaz Kaya Demir Şahin Çelik Öztürk Aydın Kowalski Nowak Wiśniewski
Mohamed Ali Ahamada Madi Abdallah Saïd Soilihi Houmadi Combo Attoumani Ousseni Anli
""")

FEMALE_FIRST_NAMES = _words("""
Marie Nathalie Isabelle Sylvie Catherine Sandrine Christine Valérie Stéphanie Céline Véronique
Sophie Julie Aurélie Françoise Laurence Martine Monique Émilie Nicole Camille Caroline Patricia
Virginie Anne Chantal Sarah Laura Élodie Florence Audrey Pauline Christelle Mélanie Delphine
Corinne Brigitte Hélène Karine Sabrina Marine Jacqueline Manon Claire Léa Anaïs Emma Chloé Julia
Vanessa Élise Charlotte Lucie Nadia Agnès Fabienne Dominique Cécile Annie Josiane Danielle
Jeanne Mathilde Océane Justine Amandine Morgane Jessica Marion Magali Alexandra Claudine Sonia
Séverine Inès Clara Sandra Jennifer Muriel Estelle Coralie Laëtitia Emmanuelle Béatrice Odile
Jocelyne Denise Michèle Colette Evelyne Ghislaine Geneviève Danièle Maryse Annick Gisèle Josette
Nadine Yvette Paulette Simone Odette Suzanne Germaine Madeleine Louise Alice Zoé Jade Lina Rose
Anna Romane Maëlle Noémie Héloïse Solène Gaëlle Gwenaëlle Maïwenn Clémence Bérénice Margaux
Juliette Ambre Agathe Léna Éva Nina Lola Jeanne Louna Lou Mila Iris Capucine Victoire Apolline
Salomé Elsa Candice Fanny Ophélie Cindy Aline Emeline Adeline Angélique Aurore Carole Élisabeth
Francine Huguette Liliane Lucienne Marcelle Mireille Nelly Pascale Raymonde Régine Renée Roselyne
Solange Sylviane Thérèse Viviane Yvonne Christiane Arlette Bernadette Claudette Éliane Georgette
Ginette Henriette Jeannine Lucette Micheline Monique Murielle Noëlle Rolande Marthe Marguerite
Élodie Alison Célia Cassandra Elisa Eléonore Enora Faustine Flavie Hortense Jasmine Joséphine
Leïla Lilou Lise Louane Lucile Maëva Maëlys Mélissa Mélodie Naomi Nora Perrine Rachel Rebecca
Sabine Samantha Tiphaine Valentine Victoria Yasmine Zélie Fatima Samira Aïcha Khadija Amina
Myriam Leila Malika Karima Naïma Farida Nawel Sonia Yamina Rachida Souad Houda Salima Awa
Aminata Fatoumata Mariama Kadiatou Aïssatou Binta Oumou Maria Ana Paula Carla Sofia Catarina
Rita Teresa Isabel Carmen Lucia Francesca Giulia Chiara Elena Linh Mai Thi Ngoc Hoa
Anne-Marie Marie-Claire Anne-Sophie Marie-Christine Marie-Hélène Marie-Laure Marie-Pierre
Anne-Laure Marie-France Marie-Thérèse Marie-José Marie-Noëlle Marie-Paule Marie-Line
Marie-Annick Marie-Odile Marie-Agnès Marie-Cécile Marie-Jeanne Marie-Louise Marie-Madeleine
Anne-Claire Anne-Charlotte Marie-Anne Marie-Ange Marie-Françoise Marie-Josée Rose-Marie
""")

MALE_FIRST_NAMES = _words("""
Jean Philippe Michel Alain Patrick Nicolas Christophe Pierre Christian Éric Frédéric Laurent
Stéphane David Pascal Daniel Sébastien Julien Thierry Olivier Bernard Thomas Alexandre Gérard
Didier Dominique Vincent François Bruno Guillaume Jérôme Jacques Marc Romain Sylvain Maxime
Franck Fabrice Antoine Nicolas Yves Denis Cédric Mickaël Kévin Anthony Florian Benoît Jérémy
Serge Hervé Arnaud Joël Mathieu Grégory Emmanuel Ludovic Lionel Hugo Lucas Louis Gabriel Arthur
Jules Léo Nathan Théo Noé Enzo Mathis Clément Baptiste Quentin Adrien Valentin Corentin Loïc
Gaël Yann Erwan Killian Raphaël Rémi Damien Yannick Aurélien Paul André René Roger Robert
Claude Marcel Georges Henri Jean-Pierre Jean-Claude Jean-Luc Jean-François Jean-Marc
Jean-Michel Jean-Paul Jean-Louis Jean-Jacques Pierre-Yves Jean-Baptiste Paul-Henri
Jean-Christophe Jean-Philippe Jean-Yves Jean-Noël Jean-Charles Jean-Marie Jean-Daniel
Jean-Guy Jean-Max Pierre-Louis Pierre-Alexandre Louis-Marie Marc-Antoine Charles-Henri Guy
Gilles Jacky Jean-Jacques Max Maurice Raymond Roland Gilbert Lucien Albert Émile Fernand
Gaston Léon Marius Raoul Victor Auguste Eugène Félix Ernest Édouard Étienne Xavier Bertrand
Régis Hubert Fabien Cyril Cyrille Samuel Jonathan Benjamin Matthieu Mathias Florent Gaëtan
Guillaume Jordan Dylan Tony Steven Alexis Axel Bastien Benoit Charles Dorian Elliot Ethan
Évan Gabin Jason Jimmy Johan Kylian Lenny Liam Louka Malo Marius Martin Maël Nolan Raphaël
Robin Sacha Simon Thibault Thibaut Timothée Tom Tristan Victor Vivien Wilfried William Yanis
Mohamed Karim Mehdi Rachid Youssef Samir Bilal Moussa Mamadou Ibrahima Ahmed Ali Abdel Farid
Hamid Hassan Hicham Kamel Khaled Malik Mourad Nabil Nassim Omar Rayan Redouane Sofiane Walid
Yacine Yassine Zakaria Amadou Boubacar Cheikh Issa Oumar Seydou Souleymane José Manuel Paulo
Carlos Antonio João Luis Miguel Pedro Rui Sergio Giovanni Giuseppe Luca Marco Matteo Stefano
Minh Tuan Hung Duc Anh Quang Dinh Wei Jun
""")

# Communes (and countries) of birth with a rough weight: big cities are where most are born.
BIRTH_PLACES = [
    ("Paris", 120), ("Marseille", 40), ("Lyon", 35), ("Toulouse", 25), ("Nice", 18),
    ("Nantes", 18), ("Strasbourg", 17), ("Montpellier", 16), ("Bordeaux", 18), ("Lille", 20),
    ("Rennes", 14), ("Reims", 9), ("Le Havre", 9), ("Saint-Étienne", 10), ("Toulon", 9),
    ("Grenoble", 10), ("Dijon", 8), ("Angers", 8), ("Nîmes", 7), ("Villeurbanne", 5),
    ("Clermont-Ferrand", 9), ("Le Mans", 7), ("Aix-en-Provence", 6), ("Brest", 8), ("Tours", 8),
    ("Amiens", 8), ("Limoges", 8), ("Annecy", 5), ("Perpignan", 6), ("Boulogne-Billancourt", 5),
    ("Metz", 8), ("Besançon", 7), ("Orléans", 7), ("Saint-Denis", 8), ("Argenteuil", 4),
    ("Rouen", 9), ("Mulhouse", 6), ("Montreuil", 5), ("Caen", 8), ("Nancy", 8), ("Tourcoing", 4),
    ("Roubaix", 5), ("Nanterre", 4), ("Vitry-sur-Seine", 3), ("Avignon", 5), ("Créteil", 5),
    ("Dunkerque", 5), ("Poitiers", 6), ("Asnières-sur-Seine", 3), ("Versailles", 5),
    ("Courbevoie", 3), ("Colombes", 3), ("Aulnay-sous-Bois", 3), ("Saint-Pierre", 4),
    ("Rueil-Malmaison", 2), ("Pau", 5), ("Aubervilliers", 3), ("Le Tampon", 2), ("Champigny-sur-Marne", 2),
    ("Antibes", 3), ("Béziers", 4), ("La Rochelle", 5), ("Saint-Maur-des-Fossés", 2), ("Cannes", 3),
    ("Calais", 4), ("Saint-Nazaire", 4), ("Mérignac", 2), ("Drancy", 2), ("Colmar", 4),
    ("Ajaccio", 3), ("Bourges", 4), ("Issy-les-Moulineaux", 2), ("Levallois-Perret", 2),
    ("La Seyne-sur-Mer", 2), ("Quimper", 4), ("Noisy-le-Grand", 2), ("Villeneuve-d'Ascq", 2),
    ("Neuilly-sur-Seine", 3), ("Valence", 4), ("Antony", 2), ("Cergy", 2), ("Vénissieux", 2),
    ("Pessac", 2), ("Troyes", 4), ("Clichy", 2), ("Ivry-sur-Seine", 2), ("Chambéry", 4),
    ("Lorient", 4), ("Les Abymes", 2), ("Montauban", 3), ("Sarcelles", 2), ("Niort", 4),
    ("Villejuif", 3), ("Saint-André", 2), ("Hyères", 2), ("Saint-Quentin", 3), ("Beauvais", 3),
    ("Épinay-sur-Seine", 2), ("Cayenne", 3), ("Maisons-Alfort", 2), ("Cholet", 3),
    ("Meaux", 3), ("Chelles", 2), ("Pantin", 2), ("Évry", 3), ("Fontenay-sous-Bois", 2),
    ("Fréjus", 2), ("Vannes", 4), ("Bondy", 2), ("La Roche-sur-Yon", 4), ("Arles", 2),
    ("Clamart", 2), ("Narbonne", 3), ("Annemasse", 2), ("Sartrouville", 2), ("Grasse", 2),
    ("Laval", 3), ("Belfort", 3), ("Bayonne", 4), ("Évreux", 3), ("Vincennes", 2),
    ("Saint-Malo", 3), ("Charleville-Mézières", 3), ("Blois", 3), ("Châteauroux", 3),
    ("Angoulême", 3), ("Brive-la-Gaillarde", 3), ("Chartres", 3), ("Auxerre", 3),
    ("Saint-Brieuc", 3), ("Agen", 3), ("Périgueux", 3), ("Tarbes", 3), ("Albi", 3),
    ("Carcassonne", 3), ("Mâcon", 2), ("Nevers", 2), ("Épinal", 2), ("Alès", 2), ("Gap", 2),
    ("Bastia", 2), ("Fort-de-France", 4), ("Pointe-à-Pitre", 4), ("Saint-Paul", 2),
    ("Mamoudzou", 2), ("Lens", 3), ("Douai", 3), ("Valenciennes", 4), ("Arras", 3),
    ("Cambrai", 2), ("Maubeuge", 2), ("Boulogne-sur-Mer", 3), ("Saint-Omer", 2),
    ("Thionville", 3), ("Forbach", 2), ("Haguenau", 2), ("Sélestat", 1), ("Montbéliard", 2),
    ("Lons-le-Saunier", 1), ("Bourg-en-Bresse", 2), ("Roanne", 2), ("Vienne", 2), ("Aurillac", 2),
    ("Le Puy-en-Velay", 1), ("Rodez", 2), ("Cahors", 1), ("Montluçon", 2), ("Vichy", 2),
    ("Moulins", 1), ("Guéret", 1), ("Tulle", 1), ("Mont-de-Marsan", 2), ("Dax", 2),
    ("Auch", 1), ("Foix", 1), ("Sète", 2), ("Draguignan", 2), ("Digne-les-Bains", 1),
    ("Saint-Lô", 1), ("Cherbourg", 3), ("Alençon", 2), ("Lisieux", 1), ("Dieppe", 2),
    ("Fécamp", 1), ("Compiègne", 2), ("Soissons", 1), ("Laon", 1), ("Châlons-en-Champagne", 2),
    ("Saint-Dizier", 1), ("Chaumont", 1), ("Bar-le-Duc", 1), ("Verdun", 1), ("Lunéville", 1),
    ("Vesoul", 1), ("Dole", 1), ("Pontarlier", 1), ("Sens", 1), ("Saumur", 2), ("Quimperlé", 1),
    ("Morlaix", 1), ("Lannion", 1), ("Guingamp", 1), ("Pontivy", 1), ("Redon", 1), ("Vitré", 1),
    ("Fougères", 1), ("Ancenis", 1), ("Les Sables-d'Olonne", 1), ("Rochefort", 1), ("Saintes", 2),
    ("Cognac", 1), ("Bergerac", 1), ("Sarlat-la-Canéda", 1), ("Villeneuve-sur-Lot", 1),
    ("Marmande", 1), ("Libourne", 1), ("Arcachon", 1), ("Biarritz", 1), ("Oloron-Sainte-Marie", 1),
    ("Lourdes", 1), ("Saint-Gaudens", 1), ("Castres", 2), ("Millau", 1), ("Mende", 1),
    ("Privas", 1), ("Aubenas", 1), ("Montélimar", 1), ("Romans-sur-Isère", 1), ("Voiron", 1),
    ("Albertville", 1), ("Thonon-les-Bains", 1), ("Oyonnax", 1), ("Villefranche-sur-Saône", 1),
    ("Algérie", 12), ("Maroc", 10), ("Tunisie", 5), ("Portugal", 8), ("Espagne", 3), ("Italie", 3),
    ("Sénégal", 3), ("Mali", 3), ("Côte d'Ivoire", 2), ("Turquie", 2), ("Viêt Nam", 1),
    ("Belgique", 2), ("Allemagne", 2), ("Roumanie", 2), ("Pologne", 1), ("Comores", 2),
    ("Cameroun", 1), ("Haïti", 1), ("Congo", 1), ("Guinée", 1), ("Madagascar", 1), ("Chine", 1),
]  # fmt: skip

# Départements (postcode prefix) with a rough weight of working population.
DEPARTMENTS = [
    ("75", 60), ("13", 40), ("59", 55), ("69", 40), ("92", 35), ("93", 35), ("94", 30),
    ("33", 32), ("31", 28), ("06", 22), ("44", 28), ("67", 22), ("34", 22), ("76", 24),
    ("62", 28), ("78", 28), ("91", 25), ("95", 24), ("38", 24), ("35", 22), ("77", 28),
    ("83", 20), ("57", 20), ("29", 18), ("60", 16), ("974", 16), ("45", 13), ("54", 14),
    ("74", 16), ("14", 13), ("68", 15), ("37", 12), ("49", 16), ("63", 13), ("30", 15),
    ("56", 15), ("17", 13), ("64", 14), ("72", 12), ("84", 11), ("21", 11), ("66", 9),
    ("85", 13), ("02", 10), ("71", 10), ("25", 10), ("42", 14), ("01", 12), ("80", 11),
    ("51", 11), ("27", 12), ("26", 10), ("22", 12), ("73", 9), ("11", 7), ("50", 9), ("86", 8),
    ("28", 8), ("24", 8), ("81", 8), ("87", 7), ("40", 8), ("47", 6), ("89", 6), ("10", 6),
    ("16", 7), ("03", 6), ("41", 6), ("03", 6), ("88", 7), ("18", 6), ("79", 7), ("58", 4),
    ("61", 5), ("65", 4), ("07", 6), ("82", 5), ("53", 6), ("36", 4), ("36", 4), ("39", 5),
    ("08", 5), ("19", 4), ("70", 4), ("55", 3), ("52", 3), ("43", 4), ("04", 3), ("09", 3),
    ("46", 3), ("32", 3), ("12", 5), ("15", 3), ("23", 2), ("48", 1), ("05", 3), ("90", 3),
    ("20", 5), ("971", 7), ("972", 6), ("973", 4), ("976", 4),
]  # fmt: skip

MAIL_PROVIDERS = [
    ("gmail.com", 30), ("orange.fr", 20), ("hotmail.fr", 10), ("free.fr", 9), ("laposte.net", 7),
    ("sfr.fr", 6), ("wanadoo.fr", 6), ("yahoo.fr", 5), ("outlook.fr", 5), ("bbox.fr", 3),
    ("icloud.com", 2), ("neuf.fr", 2), ("live.fr", 2), ("aol.com", 1),
]  # fmt: skip
