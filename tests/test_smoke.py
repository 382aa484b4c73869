def test_small_network_builds(network):
    assert len(network.members) == 5
