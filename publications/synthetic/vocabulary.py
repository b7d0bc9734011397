"""Word lists the generator draws from: names from many languages, topics and academic prose."""


def _items(text):
    return [" ".join(item.split()) for item in text.split(",") if item.strip()]


GIVEN_NAMES = _items(
    """
    Petar, Tomasz, Álvaro, Razvan, Johannes, Nino, Alexander, Anna, Zoë, Maria, José, François,
    Søren, Łukasz, Małgorzata, Jürgen, Björn, Åsa, Chloé, Renée, Hélène, Ştefan, Ioana, Mihai,
    Yuki, Hiroshi, Wei, Li, Xin, Mei, Priya, Arjun, Ananya, Rahul, Fatima, Ahmed, Omar, Leila,
    Olga, Dmitri, Sergei, Natalia, Eva, Jan, Pieter, Sanne, Lars, Ingrid, Giulia, Luca, Matteo,
    Francesca, Sofia, Mateo, Lucía, Inés, João, Gonçalo, Noémie, Zoltán, Réka, Ferenc, Dóra,
    Ilse, Håkon, Emily, James, Sarah, David, Laura, Michael, Grace, Daniel, Hannah, Samuel,
    Aisling, Siobhán, Seán, Kwame, Amara, Chidi, Ngozi, Tariq, Yasmin, Min-jun, Seo-yeon, Jae,
    Thuy, Minh, Nguyễn, Ayşe, Mehmet, Çağla, Ülkü, Jiří, Kateřina, Věra, Dušan, Željko, Mirjana,
    Ágnes, Ólafur
    """
)

FAMILY_NAMES = _items(
    """
    Veličković, Trzciński, Arroyo, Pascanu, Oswald, Scherrer, Ku, Müller, Schäfer, Groß, Nowak,
    Wiśniewski, Wójcik, Kowalczyk, Dvořák, Novák, Horváth, Szabó, Kovačević, Petrović,
    Jovanović, Popescu, Ionescu, Rădulescu, Dumitrescu, García, Martínez, López, Hernández,
    Muñoz, Peña, Gonçalves, Conceição, Simões, Lefèvre, Dubois, Béranger, Fontaine, Rossi,
    Bianchi, Esposito, Ricci, Nielsen, Sørensen, Ødegaard, Åberg, Lindqvist, Björklund,
    Järvinen, Mäkinen, Korhonen, Ivanov, Smirnov, Kuznetsova, Tanaka, Suzuki, Takahashi,
    Watanabe, Wang, Zhang, Liu, Chen, Yang, Huang, Kim, Park, Choi, Nguyen, Tran, Pham, Sharma,
    Patel, Gupta, Iyer, Krishnan, Haddad, Khalil, Mansour, Öztürk, Yılmaz, Şahin, Çelik, Okafor,
    Adeyemi, Mensah, Boateng, O'Brien, O'Connor, Murphy, Smith, Johnson, Williams, Brown,
    Taylor, Wilson, Thompson, Clarke, Hall, Young, Bernstein, Goldberg, Rosenthal, Weiß
    """
)

PARTICLES = _items(
    """
    von, van, van der, de, di, da, dos, le, ter, al, bin, zu
    """
)

TOPICS = _items(
    """
    Machine Learning, Deep Learning, Reinforcement Learning, Graph Neural Networks, Natural
    Language Processing, Computer Vision, Robotics, Optimization, Probabilistic Inference,
    Causal Inference, Generative Models, Continual Learning, Meta-Learning, Representation
    Learning, Fairness and Ethics, Interpretability, Computational Biology, Drug Discovery,
    Climate Modelling, Neuroscience, Speech Recognition, Information Retrieval, Recommender
    Systems, Game Theory, Quantum Computing, Statistical Learning Theory, Bayesian Methods, Time
    Series, Federated Learning, Privacy, Security, Human-Computer Interaction, Computational
    Linguistics, Medical Imaging, Materials Science, Geometry, Topological Data Analysis, Multi-
    Agent Systems, Planning, Theorem Proving
    """
)

TOPIC_TERMS = {
    "Machine Learning": _items("classifier, generalization, kernel, ensemble, regression"),
    "Deep Learning": _items("transformer, convolution, residual network, attention, layer"),
    "Reinforcement Learning": _items("policy, reward, value function, exploration, agent"),
    "Graph Neural Networks": _items("message passing, graph, node embedding, readout, edge"),
    "Natural Language Processing": _items("language model, tokenizer, translation, parsing"),
    "Computer Vision": _items("image, segmentation, object detection, video, pixel"),
    "Robotics": _items("manipulation, locomotion, controller, grasping, sensor"),
    "Optimization": _items("gradient descent, convergence, momentum, step size, curvature"),
    "Probabilistic Inference": _items("posterior, variational, sampling, likelihood"),
    "Causal Inference": _items("intervention, confounder, counterfactual, causal graph"),
    "Generative Models": _items("diffusion, autoencoder, adversarial, density, decoder"),
    "Continual Learning": _items("catastrophic forgetting, plasticity, replay, task sequence"),
}

GENERIC_TERMS = _items(
    """
    benchmark, dataset, baseline, architecture, objective, estimator, model, representation,
    uncertainty, robustness, scalability, efficiency, signal, dynamics, structure, inference,
    theory, algorithm, framework, measurement
    """
)

TITLE_PATTERNS = [
    "{A} {term} for {task}",
    "On the {prop} of {term} in {task}",
    "Towards {adj} {term}: {A} approach to {task}",
    "Learning {term} with {other}",
    "{A} {other} improves {task}",
    "Why {term} works: {A} analysis of {other}",
    "Scaling {term} to {task}",
    "Revisiting {other} for {adj} {task}",
]

TITLE_A = _items(
    """
    A simple, An efficient, A scalable, A principled, A unified, A robust
    """
)

TITLE_ADJ = _items(
    """
    robust, efficient, interpretable, sample-efficient, reliable, fair
    """
)

TITLE_PROP = _items(
    """
    stability, expressivity, generalization, limits, geometry, dynamics
    """
)

SENTENCES = [
    "We study {term} in the setting of {task}, where {other} has so far been the usual choice.",
    "Existing methods based on {other} struggle when the data are scarce or noisy.",
    "We propose a {adj} method that combines {term} with {other} and needs no extra labels.",
    "Our analysis shows that the {prop} of {term} depends on the scale of the {generic}.",
    "On {n} standard benchmarks the method improves over strong baselines by {p} percent.",
    "We further show that {term} can be trained end to end with a modest compute budget.",
    "Ablations indicate that the gains come from the {generic} rather than from tuning.",
    "These results suggest that {term} is a promising direction for {task} in practice.",
    "We release code and a {generic} so that others can reproduce every experiment.",
    "Theoretical guarantees are given for the convergence of the {generic} under mild assumptions.",
    "A user study with {n} participants confirms the improvements in {task}.",
    "We discuss the limitations of {term} and the open questions it raises for {other}.",
    "Prior work on {task} has mostly relied on hand-designed {generic} and careful tuning.",
    "In contrast, our approach learns the {generic} directly from data, using {term} throughout.",
    "We evaluate on {n} datasets that differ in size, noise level and the {prop} of their labels.",
    "The method is {adj} in practice and its cost grows linearly with the size of the {generic}.",
    "Compared with {other}, it reduces the error by {p} percent at the same compute budget.",
]

VENUES = {
    "conference": _items("NeurIPS, ICML, ICLR, CVPR, ACL, AAAI, IJCAI, EMNLP, KDD"),
    "article": _items("JMLR, Nature, TPAMI, Neural Computation, Machine Learning, PLOS ONE"),
    "preprint": _items("arXiv"),
    "chapter": _items("Lecture Notes in Computer Science, Handbook of Learning"),
    "report": _items("Technical report, Research Institute"),
    "thesis": _items("Université de Montréal, Uniwersytet Warszawski, ETH Zürich"),
    "book": _items("MIT Press, Cambridge University Press"),
}

POSITIONS = _items(
    """
    Professor, Associate Professor, Assistant Professor, Research Scientist, Postdoctoral
    Fellow, PhD Student, Master's Student, Research Engineer
    """
)

AFFILIATIONS = _items(
    """
    Université de Montréal, McGill University, Polytechnique Montréal, HEC Montréal, Google
    DeepMind, Uniwersytet Warszawski, ETH Zürich, Universität Tübingen
    """
)
