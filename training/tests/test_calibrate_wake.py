from training.calibrate_wake import says


def test_a_negative_that_says_the_phrase_is_recognised_as_saying_it():
    assert says("the big landing looks so much better with the new computer", "computer")
    assert says("Computer  turn on the lights", "computer")
    assert not says("two computers and a laptop", "computer")
    assert not says("change our basement into heating mode now", "jarvis")
